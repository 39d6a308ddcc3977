/**
 * The lists' `q` filter keeps to the plans of list pages (docs/DESIGN.md §5), checked the same way
 * (list-plans.test.ts): with few hits, the one sort allowed is of those hits alone, each read by key
 * (db/search-index.ts `listPage`), never by walking an organization index until a rare name
 * turns up; with many, the list index newest first, each row tested against the hits. The quick
 * query looks up what it found by key too.
 */
import type { InStatement } from '@libsql/client';
import { afterEach, describe, expect, it } from 'vitest';
import { listSearch } from '../../worker/src/db/search-index';
import type { Harness } from '../helpers/harness';
import { addPerson } from '../helpers/invitations';
import { capturedPlans, clientOf, expectRangeScans } from '../helpers/list-plans';
import { orgWithRoles } from '../helpers/seed';

let h: Harness;
let statements: InStatement[];
const { plansOf, statementPlans } = capturedPlans(
  (s) => ({ h, statements } = s),
  () => ({ h, statements }),
);

describe('the q filter of the lists: a page from the hits when they are few, the list index when they are many', () => {
  /**
   * Four people of each kind whose name starts with "iv"; the applications come through the
   * member's link.
   */
  async function ivans() {
    const people = await orgWithRoles(h);
    const { orgId, owner, member } = people;
    const link = await h.call('POST', `/api/orgs/${orgId}/links`, {
      token: member.token,
      body: { expiresInHours: 24 },
    });
    for (let i = 0; i < 4; i++) {
      h.clock.advance(1000);
      const invited = await h.call('POST', `/api/orgs/${orgId}/invitations`, {
        token: owner.token,
        body: { email: `ivan${i}@example.com`, role: 'member', profile: { firstName: 'Ivan' } },
      });
      expect(invited.status).toBe(201);
      await addPerson(h, orgId, owner.token, {
        firstName: 'Ivo',
        lastName: `Member${i}`,
        email: `ivo${i}@example.com`,
      });
      const applied = await h.call(
        'POST',
        `/api/join/${String(link.body.url).split('/join/')[1]}`,
        { body: { name: 'Ivana Ivanova', email: `ivana${i}@example.com` } },
      );
      expect(applied.status).toBe(201);
    }
    return people;
  }

  /**
   * The first page (2 of the 4 hits) and the page after its cursor, so the cursor's condition is
   * planned too.
   */
  async function twoPages(
    people: Awaited<ReturnType<typeof ivans>>,
    path: string,
    role: 'owner' | 'member',
  ) {
    statements = [];
    const first = await h.call('GET', `/api/orgs/${people.orgId}${path}&limit=2`, {
      token: people[role].token,
    });
    expect(first.status).toBe(200);
    if (first.body.nextCursor) {
      const next = await h.call(
        'GET',
        `/api/orgs/${people.orgId}${path}&limit=2&cursor=${first.body.nextCursor}`,
        { token: people[role].token },
      );
      expect(next.status).toBe(200);
    }
  }

  /**
   * The probe that counts the hits: the search index, then each entry by id, never every entry of
   * the kind.
   */
  async function expectProbe() {
    for (const plan of await plansOf(
      /^select d\.ref from search_fts f cross join search_docs d .* limit \?$/is,
    )) {
      expect(plan).toEqual([
        expect.stringMatching(/^SCAN f VIRTUAL TABLE INDEX \d+:M/),
        'SEARCH d USING INTEGER PRIMARY KEY (rowid=?)',
      ]);
    }
  }

  /**
   * How each list's table is read when the page comes from the hits: by key, one lookup per hit.
   */
  const byKey: Record<string, string> = {
    invitations: 'SEARCH invitations USING INDEX sqlite_autoindex_invitations_1 (id=?)',
    applications: 'SEARCH applications USING INDEX sqlite_autoindex_applications_1 (id=?)',
    memberships: 'SEARCH memberships USING INDEX memberships_user_idx (user_id=?)',
  };

  const cases: [string, string, ('owner' | 'member')?][] = [
    ['/invitations?q=iv', 'invitations'],
    ['/invitations?status=pending&q=iv', 'invitations'],
    ['/invitations?status=expired&q=iv', 'invitations'],
    ['/invitations?q=iv', 'invitations', 'member'],
    ['/members?q=iv', 'memberships'],
    ['/members?status=pending&q=iv', 'memberships'],
    ['/members?invitation=not_invited&q=iv', 'memberships'],
    ['/applications?q=iv', 'applications'],
    ['/applications?status=pending&q=iv', 'applications'],
    ['/applications?q=iv', 'applications', 'member'],
  ];
  const defaults = { ...listSearch };
  afterEach(() => {
    Object.assign(listSearch, defaults);
  });
  for (const [path, table, role = 'owner'] of cases) {
    it(`few hits (${role}): ${path} looks each hit up by key and sorts the few that pass, never walking an organization index`, async () => {
      const people = await ivans();
      await twoPages(people, path, role);
      await expectProbe();
      for (const plan of await plansOf(table)) {
        // The outer loop runs over the hits (the members' list starts from their users, the same
        // ids)…
        expect(plan[0]).toMatch(/^SEARCH \w+ USING INDEX sqlite_autoindex_\w+_1 \(id=\?\)$/);
        expect(plan.join('\n')).toMatch(
          /^LIST SUBQUERY \d+\nSCAN json_each VIRTUAL TABLE INDEX \d+:$/m,
        );
        // …and the list's table is read by key only: never a scan, never an organization index (the
        // regression).
        expect(plan.filter((l) => new RegExp(`^(SCAN|SEARCH) ${table} `).test(l))).toEqual([
          byKey[table],
        ]);
        expect(plan.join('\n')).not.toMatch(/^SCAN (?!json_each )/m);
      }
    });
    it(`many hits (${role}): ${path} walks the list index newest first, testing each row against the hits`, async () => {
      const people = await ivans();
      listSearch.fewHits = 3;
      // A window of one row never holds a page of two: every page takes all three steps.
      listSearch.window = 1;
      await twoPages(people, path, role);
      await expectProbe();
      const reads = await statementPlans(table);
      expectRangeScans(reads.map((r) => r.plan));
      const index =
        table === 'memberships' ? 'memberships_org_created_idx' : `${table}_org_created_idx`;
      const steps = { edge: 0, window: 0, walk: 0 };
      for (const { sql, plan } of reads) {
        const text = plan.join('\n');
        if (/ offset \?$/i.test(sql)) {
          // The window's edge: the creation time of its last row, from the organization's list
          // index alone.
          expect(plan).toEqual([`SEARCH ${table} USING COVERING INDEX ${index} (org_id=?)`]);
          steps.edge++;
        } else if (sql.includes('d.id IN (SELECT rowid FROM search_fts')) {
          // The window: the list index from the cursor down to the edge, each row's index entry
          // found by its key and tested against the search index's hits.
          expect(plan.find((l) => l.startsWith(`SEARCH ${table} `))).toMatch(
            new RegExp(
              `^SEARCH ${table} USING INDEX ${table}_org_\\w+ \\(org_id=\\?.* AND created_at>\\?\\)$`,
            ),
          );
          expect(text).toContain(
            'SEARCH d USING COVERING INDEX search_docs_ref_uq (kind=? AND ref=? AND org_id=?)',
          );
          expect(text).toMatch(
            /^LIST SUBQUERY \d+\nSCAN search_fts VIRTUAL TABLE INDEX \d+:M\S*$/m,
          );
          steps.window++;
        } else {
          // Past the window: the list index, each row tested against the organization's hits,
          // gathered from the search index first (not from every entry of the kind in every
          // organization).
          expect(text).toMatch(
            /^LIST SUBQUERY \d+\nSCAN f VIRTUAL TABLE INDEX \d+:M\S*\nSEARCH d USING INTEGER PRIMARY KEY \(rowid=\?\)$/m,
          );
          expect(text).not.toMatch(/json_each|search_docs_ref_uq/);
          steps.walk++;
        }
      }
      expect(steps.edge).toBeGreaterThan(0);
      expect(steps).toEqual({ edge: steps.edge, window: steps.edge, walk: steps.edge });
    });
  }
});

describe('quick query fills in its hits by primary key', () => {
  it('joins what it found by primary key, never through an organization index', async () => {
    const { orgId, owner } = await orgWithRoles(h);
    // Several hits of each kind: with one, `id IN (?)` is an equality and any plan looks right.
    const link = await h.call('POST', `/api/orgs/${orgId}/links`, {
      token: owner.token,
      body: { expiresInHours: 24 },
    });
    for (let i = 0; i < 4; i++) {
      const invited = await h.call('POST', `/api/orgs/${orgId}/invitations`, {
        token: owner.token,
        body: { email: `ivan${i}@example.com`, role: 'member', profile: { firstName: 'Ivan' } },
      });
      expect(invited.status).toBe(201);
      const applied = await h.call(
        'POST',
        `/api/join/${String(link.body.url).split('/join/')[1]}`,
        { body: { name: 'Ivana Ivanova', email: `ivana${i}@example.com` } },
      );
      expect(applied.status).toBe(201);
    }
    statements = [];
    const res = await h.call('GET', `/api/orgs/${orgId}/search?q=iv`, { token: owner.token });
    expect(res.body.items).toHaveLength(8);
    // One statement: the hits, each joined by key to its row (worker/src/features/search/quick-search.ts),
    // built for the caller's role, or for each role when the session's is not known yet
    // (http/read-as-member.ts).
    const queries = statements.filter(
      (s): s is Exclude<InStatement, string> =>
        typeof s !== 'string' && /^\s*SELECT h\.kind/.test(s.sql),
    );
    expect(queries.length).toBeGreaterThan(0);
    for (const query of queries) {
      const rs = await clientOf(h).execute({
        sql: `EXPLAIN QUERY PLAN ${query.sql}`,
        args: query.args ?? [],
      });
      const plan = rs.rows.map((r) => String(r.detail));
      for (const table of ['invitations', 'applications'])
        expect(plan).toContainEqual(
          expect.stringMatching(
            new RegExp(
              `^SEARCH ${table[0]} USING INDEX sqlite_autoindex_${table}_1 \\(id=\\?\\)( LEFT-JOIN)?$`,
            ),
          ),
        );
      expect(plan).toContainEqual(
        expect.stringMatching(
          /^SEARCH m USING INDEX sqlite_autoindex_memberships_1 \(org_id=\? AND user_id=\?\)/,
        ),
      );
      expect(plan.join('\n')).not.toMatch(/SCAN (m|u|i|a)\b/);
    }
  });
});
