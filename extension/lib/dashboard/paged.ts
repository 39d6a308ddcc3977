/** A list read page by page through the API's `cursor` / `nextCursor`. */
import { signal } from '@preact/signals';
import type { Page } from '../../../shared/api';

export type PagedList<T> = ReturnType<typeof createPagedList<T>>;

export function createPagedList<T>(fetchPage: (cursor: string | undefined) => Promise<Page<T>>) {
  const items = signal<T[]>([]);
  const nextCursor = signal<string | null>(null);
  const loading = signal(false);
  const error = signal<unknown>(null);
  let latest = 0;

  /** Loads the first page again, or with `more` the next page after what is shown. */
  async function load(more = false): Promise<void> {
    const request = ++latest;
    loading.value = true;
    error.value = null;
    try {
      const page = await fetchPage(more ? (nextCursor.value ?? undefined) : undefined);
      if (request !== latest) return;
      items.value = more ? [...items.value, ...page.items] : page.items;
      nextCursor.value = page.nextCursor;
    } catch (e) {
      if (request === latest) error.value = e;
    } finally {
      if (request === latest) loading.value = false;
    }
  }

  return { items, nextCursor, loading, error, load };
}
