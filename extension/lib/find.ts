/** The Find tab's state: the quick query, searched as the user types, and what it found. */
import { signal } from '@preact/signals';
import type { SearchItemDto } from '../../shared/api';
import type { AppState } from './app-state';
import { debounce } from './debounce';
import { createResource } from './resource';

export type FindState = ReturnType<typeof createFindState>;

export const SEARCH_DELAY_MS = 250;

export function createFindState(app: AppState, delay = SEARCH_DELAY_MS) {
  const query = signal('');
  /** `undefined` until the first search and again when the query is emptied. */
  const results = createResource<SearchItemDto[] | undefined>(async () => {
    const q = query.value.trim();
    return q ? (await app.call((api, orgId) => api.search(orgId, q, 20))).items : undefined;
  });
  const searchSoon = debounce(() => void results.reload(), delay);

  /** Updates the query; searches once typing pauses. An empty query clears the results at once. */
  function setQuery(value: string): void {
    query.value = value;
    if (value.trim()) {
      searchSoon();
      return;
    }
    searchSoon.cancel();
    void results.reload();
  }

  return { query, results, setQuery };
}
