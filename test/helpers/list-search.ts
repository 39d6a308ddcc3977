/**
 * The setup and the reading of the lists' `q` filter tests: a fresh harness with Acme before each
 * test (the search settings put back after it); the people the tests make, with shuffled, shared
 * creation times; and `expectSamePages`, which reads a list page by page, following nextCursor to
 * the end, with `q` in every shape and compares it with a reference made without the search index.
 */
import { afterEach, expect } from 'vitest';
import { listSearch } from '../../worker/src/db/search-index';
import { freshOrg, type Fresh } from './fresh';

/**
 * `listSearch.fewHits` in these tests: 4 Zakhars are few (exactly the limit), 5 "ivan pet" and 12
 * Ivans many.
 */
const FEW = 4;
const DEFAULTS = { ...listSearch };
/**
 * The settings every query is read with: `FEW` and a small window (each query takes the shape its
 * hits call for); every query past the hits' count, with a window of one row (the walk after it),
 * of 8 rows (sometimes enough) and of more rows than the list has (the window alone); and every
 * query from the hits.
 */
const SETTINGS = [
  { fewHits: FEW, window: 5 },
  { fewHits: 0, window: 1 },
  { fewHits: 0, window: 8 },
  { fewHits: 0, window: 1000 },
  DEFAULTS,
];
const QUERIES = ['ivan', 'zakhar', 'ivan pet', 'nobody'];

export interface SearchFixture extends Fresh {
  /** When the test's people start to arrive: a minute after the organization was made. */
  start: number;
}

/**
 * Whether every word of the query starts a word of the person (the search's rule, for plain ASCII).
 */
function matches(q: string, person: { first: string; last: string; email: string }): boolean {
  const words = [person.first, person.last, ...person.email.split(/[^a-z0-9]+/i)].map((w) =>
    w.toLowerCase(),
  );
  return q.split(' ').every((term) => words.some((w) => w.startsWith(term)));
}

interface Page {
  ids: string[];
  nextCursor: string | null;
}

const chunks = (ids: string[], size: number): string[][] =>
  ids.length
    ? Array.from({ length: Math.ceil(ids.length / size) }, (_, i) =>
        ids.slice(i * size, (i + 1) * size),
      )
    : [[]];

export function listSearchPages(set: (s: SearchFixture) => void) {
  let current: SearchFixture | undefined;
  const now = () => current!;
  freshOrg(({ h, org }) => {
    current = { h, org, start: h.clock.now() + 60_000 };
    set(current);
  });
  afterEach(() => {
    Object.assign(listSearch, DEFAULTS);
  });

  /**
   * 24 people: 12 Ivans and Ivanas (5 of them Petrov), 4 Zakhars, 8 Olgas; shuffled times, three
   * people to each.
   */
  function people(tag: string) {
    return Array.from({ length: 24 }, (_, i) => {
      const first = ['Ivan', 'Olga', 'Ivana', 'Zakhar', 'Ivan', 'Olga'][i % 6]!;
      const last = first.startsWith('Iva') && i % 5 < 2 ? 'Petrov' : 'Smith';
      return {
        first,
        last,
        email: `${first.toLowerCase()}.${tag}${i}@example.com`,
        at: now().start + ((i * 7) % 8) * 1000,
      };
    });
  }

  /** Every page of a list, following nextCursor to the end. */
  async function pages(
    path: string,
    token: string,
    limit: number,
    idOf: (item: Record<string, string>) => string,
  ): Promise<Page[]> {
    const out: Page[] = [];
    let cursor: string | null = null;
    do {
      const sep = path.includes('?') ? '&' : '?';
      const res = await now().h.call(
        'GET',
        `${path}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
        { token },
      );
      expect(res.status, res.text).toBe(200);
      out.push({
        ids: (res.body.items as Record<string, string>[]).map(idOf),
        nextCursor: res.body.nextCursor,
      });
      cursor = res.body.nextCursor;
      expect(out.length).toBeLessThan(100);
    } while (cursor);
    return out;
  }

  /**
   * Another organization has people with the same names (made first, so their index entries come
   * first): none of them may show.
   *
   * For every query, filter and page size: the pages with `q` are the reference cut into pages, and
   * they are the same pages with the same cursors in every shape (`SETTINGS`).
   */
  async function expectSamePages(opts: {
    list: string;
    filters: string[];
    token?: string;
    idOf: (item: Record<string, string>) => string;
    created: Map<string, { first: string; last: string; email: string; at: number }>;
  }): Promise<number[]> {
    const found: number[] = [];
    const token = opts.token ?? now().org.owner.token;
    const hits = (q: string) => [...opts.created.values()].filter((p) => matches(q, p)).length;
    // The data reaches both shapes under FEW: Zakhar at the limit (few), "ivan pet" one above it,
    // Ivan well above.
    expect([hits('zakhar'), hits('ivan pet'), hits('ivan'), hits('nobody')]).toEqual([
      FEW,
      FEW + 1,
      12,
      0,
    ]);
    for (const filter of opts.filters) {
      Object.assign(listSearch, DEFAULTS);
      const path = `/api/orgs/${now().org.orgId}/${opts.list}${filter ? `?${filter}` : ''}`;
      const passing = (await pages(path, token, 100, opts.idOf)).flatMap((p) => p.ids);
      for (const q of QUERIES) {
        const reference = passing
          .filter((id) => opts.created.has(id) && matches(q, opts.created.get(id)!))
          .sort(
            (a, b) =>
              opts.created.get(b)!.at - opts.created.get(a)!.at || (a < b ? 1 : a > b ? -1 : 0),
          );
        found.push(reference.length);
        const withQ = `${path}${filter ? '&' : '?'}q=${encodeURIComponent(q)}`;
        for (const limit of [1, 3]) {
          const seen: Page[][] = [];
          for (const settings of SETTINGS) {
            Object.assign(listSearch, settings);
            const got = await pages(withQ, token, limit, opts.idOf);
            expect(
              got.map((p) => p.ids),
              `${withQ} limit ${limit}, ${JSON.stringify(settings)}`,
            ).toEqual(chunks(reference, limit));
            seen.push(got);
          }
          for (const [i, got] of seen.entries())
            expect(
              got,
              `${withQ} limit ${limit}: the same cursors with ${JSON.stringify(SETTINGS[i])}`,
            ).toEqual(seen[0]);
        }
      }
    }
    return found;
  }

  return { people, expectSamePages };
}
