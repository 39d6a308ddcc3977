/**
 * The lists' `q` filter gives the same pages whichever shape it runs in (features/search/search.ts
 * `listPage`): read from the hits when they are few, or walking the list index newest first when
 * they are many. Every list is read page by page, following nextCursor to the end, and compared
 * with a reference made without the search index: the ids the same list shows without `q` (same
 * filters, same person), kept to the people whose words start with every word of the query, in
 * newest-first order of the times the test gave them. Creation times are shuffled and shared, so an
 * order by insertion, by id or by the hits would show, and so would a dropped filter.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applications, memberships } from '../../worker/src/db/schema';
import { listSearch } from '../../worker/src/features/search/search';
import { startHarness, type Harness } from '../helpers/harness';
import { addPerson, HOUR } from '../helpers/invitations';
import { apply, createLink } from '../helpers/links';
import { orgWithRoles } from '../helpers/seed';

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

let h: Harness;
let org: Awaited<ReturnType<typeof orgWithRoles>>;
/** When the test's people start to arrive: a minute after the organization was made. */
let start: number;
beforeEach(async () => {
  h = await startHarness();
  org = await orgWithRoles(h);
  start = h.clock.now() + 60_000;
});
afterEach(async () => {
  Object.assign(listSearch, DEFAULTS);
  await h.close();
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
      at: start + ((i * 7) % 8) * 1000,
    };
  });
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
    const res = await h.call(
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

const chunks = (ids: string[], size: number): string[][] =>
  ids.length
    ? Array.from({ length: Math.ceil(ids.length / size) }, (_, i) =>
        ids.slice(i * size, (i + 1) * size),
      )
    : [[]];

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
  const token = opts.token ?? org.owner.token;
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
    const path = `/api/orgs/${org.orgId}/${opts.list}${filter ? `?${filter}` : ''}`;
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

describe('the q filter gives the same pages from few hits as from many', () => {
  it('invitations: every status, and what a member may see', async () => {
    const created = new Map<string, { first: string; last: string; email: string; at: number }>();
    const ids: string[] = [];
    const other = await orgWithRoles(h, 'Other');
    for (const p of people('x').slice(0, 6)) {
      const res = await h.call('POST', `/api/orgs/${other.orgId}/invitations`, {
        token: other.owner.token,
        body: { email: p.email, role: 'member', profile: { firstName: p.first, lastName: p.last } },
      });
      expect(res.status, res.text).toBe(201);
    }
    for (const [i, p] of people('i').entries()) {
      // Every fifth one was sent long ago and has run out.
      const at = i % 5 === 1 ? p.at - 100 * HOUR : p.at;
      h.clock.set(at);
      const res = await h.call('POST', `/api/orgs/${org.orgId}/invitations`, {
        token: org.owner.token,
        body: { email: p.email, role: 'member', profile: { firstName: p.first, lastName: p.last } },
      });
      expect(res.status, res.text).toBe(201);
      created.set(res.body.invitation.id, { ...p, at });
      ids.push(res.body.invitation.id);
    }
    h.clock.set(start + HOUR);
    for (const id of ids.filter((_, i) => i % 5 === 3))
      expect(
        (
          await h.call('DELETE', `/api/orgs/${org.orgId}/invitations/${id}`, {
            token: org.owner.token,
          })
        ).status,
      ).toBe(204);
    const list = { list: 'invitations', created, idOf: (i: Record<string, string>) => i.id! };
    // How many each query finds, per filter: none, pending, expired, canceled (× ivan, zakhar, ivan
    // pet, nobody).
    expect(
      await expectSamePages({
        ...list,
        filters: ['', 'status=pending', 'status=expired', 'status=canceled'],
      }),
    ).toEqual([12, 4, 5, 0, 8, 2, 3, 0, 2, 1, 2, 0, 2, 1, 0, 0]);
    // A member sees only the invitations they sent: none of these.
    expect(await expectSamePages({ ...list, filters: [''], token: org.member.token })).toEqual([
      0, 0, 0, 0,
    ]);
  });

  it('members: by status, invitation state and registration date', async () => {
    const created = new Map<string, { first: string; last: string; email: string; at: number }>();
    const ids: string[] = [];
    const other = await orgWithRoles(h, 'Other');
    for (const p of people('x').slice(0, 6))
      await addPerson(h, other.orgId, other.owner.token, {
        firstName: p.first,
        lastName: p.last,
        email: p.email,
      });
    for (const p of people('m')) {
      h.clock.set(p.at);
      const id = await addPerson(h, org.orgId, org.owner.token, {
        firstName: p.first,
        lastName: p.last,
        email: p.email,
      });
      created.set(id, p);
      ids.push(id);
    }
    h.clock.set(start + HOUR);
    await h.db
      .update(memberships)
      .set({ status: 'active' })
      .where(
        inArray(
          memberships.userId,
          ids.filter((_, i) => i % 3 === 0),
        ),
      );
    await h.db
      .update(memberships)
      .set({ invitationState: 'queued' })
      .where(
        inArray(
          memberships.userId,
          ids.filter((_, i) => i % 5 === 2),
        ),
      );
    // A third of them joined a month from now; the organization's own people joined before today.
    await h.db
      .update(memberships)
      .set({ activatedAt: start + 30 * 86_400_000 })
      .where(
        and(
          eq(memberships.orgId, org.orgId),
          inArray(
            memberships.userId,
            ids.filter((_, i) => i % 3 === 1),
          ),
        ),
      );
    const fortnight = new Date(start + 15 * 86_400_000).toISOString().slice(0, 10);
    const found = await expectSamePages({
      list: 'members',
      created,
      idOf: (m) => m.userId!,
      filters: [
        '',
        'status=pending',
        'status=active',
        'invitation=queued',
        `registeredFrom=${fortnight}`,
        'status=pending&invitation=not_invited',
      ],
    });
    expect(found).toEqual([
      12, 4, 5, 0, 8, 0, 3, 0, 4, 4, 2, 0, 3, 0, 0, 0, 4, 0, 2, 0, 6, 0, 3, 0,
    ]);
  });

  it('applications: by status and link, and what a member may see (their own link)', async () => {
    const created = new Map<string, { first: string; last: string; email: string; at: number }>();
    const ids: string[] = [];
    const ownerLink = await createLink(h, org.orgId, org.owner.token);
    const memberLink = await createLink(h, org.orgId, org.member.token);
    const other = await orgWithRoles(h, 'Other');
    const otherLink = await createLink(h, other.orgId, other.owner.token);
    for (const [i, p] of people('x').slice(0, 6).entries())
      expect(
        (
          await apply(
            h,
            otherLink.token,
            { name: `${p.first} ${p.last}`, email: p.email },
            `10.2.0.${i}`,
          )
        ).status,
      ).toBe(201);
    for (const [i, p] of people('a').entries()) {
      h.clock.set(p.at);
      const res = await apply(
        h,
        (i % 4 === 1 || i % 4 === 2 ? memberLink : ownerLink).token,
        { name: `${p.first} ${p.last}`, email: p.email },
        `10.1.0.${i}`,
      );
      expect(res.status, res.text).toBe(201);
      const [row] = await h.db
        .select({ id: applications.id })
        .from(applications)
        .where(eq(applications.email, p.email));
      created.set(row!.id, p);
      ids.push(row!.id);
    }
    h.clock.set(start + HOUR);
    for (const id of ids.filter((_, i) => i % 5 === 1))
      expect(
        (
          await h.call('POST', `/api/orgs/${org.orgId}/applications/${id}/reject`, {
            token: org.owner.token,
            body: {},
          })
        ).status,
      ).toBe(200);
    const list = { list: 'applications', created, idOf: (a: Record<string, string>) => a.id! };
    expect(
      await expectSamePages({
        ...list,
        filters: [
          '',
          'status=pending',
          'status=rejected',
          `linkId=${memberLink.id}`,
          `status=pending&linkId=${ownerLink.id}`,
        ],
      }),
    ).toEqual([12, 4, 5, 0, 10, 3, 3, 0, 2, 1, 2, 0, 6, 2, 2, 0, 5, 2, 2, 0]);
    expect(
      await expectSamePages({ ...list, filters: ['', 'status=rejected'], token: org.member.token }),
    ).toEqual([6, 2, 2, 0, 1, 1, 1, 0]);
  });
});
