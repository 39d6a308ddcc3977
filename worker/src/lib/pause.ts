/**
 * Giving the event loop back in the middle of long work (a 10 MiB CSV import), so other requests
 * and timers run between its parts. setTimeout is in Node and in Workers alike; work that awaits
 * only a local libSQL file never leaves the microtask queue on its own, so it must pause on
 * purpose.
 */

/** Resolves on a later turn of the event loop. */
export const pause = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** How many items (records, fields, rows) a loop handles between two pauses. */
export const ITEMS_BETWEEN_PAUSES = 2000;

/** Calls `each` on every item in order, pausing after every `every` of them. */
export async function forEachPausing<T>(
  items: readonly T[],
  each: (item: T, index: number) => void,
  from = 0,
  every = ITEMS_BETWEEN_PAUSES,
): Promise<void> {
  for (let i = from; i < items.length; i++) {
    if (i > from && (i - from) % every === 0) await pause();
    each(items[i]!, i);
  }
}
