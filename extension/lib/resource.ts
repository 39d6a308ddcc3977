/**
 * Data loaded from the server, as signals: the value, whether it is loading, and what went wrong.
 */
import { signal, type Signal } from '@preact/signals';

export interface Resource<T> {
  data: Signal<T | undefined>;
  loading: Signal<boolean>;
  error: Signal<unknown>;
  /** Loads again; an answer that arrives after a newer request started is dropped. */
  reload: () => Promise<void>;
}

export function createResource<T>(load: () => Promise<T>): Resource<T> {
  const data = signal<T | undefined>(undefined);
  const loading = signal(false);
  const error = signal<unknown>(null);
  let latest = 0;

  async function reload(): Promise<void> {
    const request = ++latest;
    loading.value = true;
    error.value = null;
    try {
      const value = await load();
      if (request === latest) data.value = value;
    } catch (e) {
      if (request === latest) error.value = e;
    } finally {
      if (request === latest) loading.value = false;
    }
  }

  return { data, loading, error, reload };
}
