/** Departments and workspaces: a list of named things to add, rename and delete. */
import { signal } from '@preact/signals';
import type { ItemList } from '../../../shared/client';

export interface NamedItem {
  id: string;
  name: string;
  parentId?: string | null;
}

export interface NamedItemsApi<T extends NamedItem> {
  list: () => Promise<ItemList<T>>;
  create: (name: string, parentId: string | null) => Promise<T>;
  rename: (id: string, name: string) => Promise<T>;
  remove: (id: string) => Promise<unknown>;
}

export type NamedItemsState<T extends NamedItem> = ReturnType<typeof createNamedItems<T>>;

export function createNamedItems<T extends NamedItem>(api: NamedItemsApi<T>) {
  const items = signal<T[] | undefined>(undefined);
  const error = signal<unknown>(null);

  async function run(action: () => Promise<void>): Promise<boolean> {
    error.value = null;
    try {
      await action();
      return true;
    } catch (e) {
      error.value = e;
      return false;
    }
  }

  const load = () =>
    run(async () => {
      items.value = (await api.list()).items;
    });
  const create = (name: string, parentId: string | null = null) =>
    run(async () => {
      const made = await api.create(name.trim(), parentId);
      items.value = [...(items.value ?? []), made];
    });
  const rename = (id: string, name: string) =>
    run(async () => {
      const updated = await api.rename(id, name.trim());
      items.value = (items.value ?? []).map((item) => (item.id === id ? updated : item));
    });
  const remove = (id: string) =>
    run(async () => {
      await api.remove(id);
      items.value = (items.value ?? []).filter((item) => item.id !== id);
    });

  return { items, error, load, create, rename, remove };
}
