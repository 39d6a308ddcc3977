/**
 * Lists stay fast as data grows (docs/DESIGN.md §5): every page the list routes read is one indexed
 * range scan in newest-first order that stops after the page. Checked on the statements the routes
 * really run (captured on their way to the database and handed back unchanged), through SQLite's
 * EXPLAIN QUERY PLAN: no temporary B-tree for the ORDER BY (that would read every matching row of
 * the organization before the first page), and no full scan. With no ANALYZE statistics the plan
 * does not depend on how many rows there are, so a small database shows the plan a large one gets.
 * The same holds for the quick query's lookups of what it found. The lists' `q` filter:
 * list-plans-search.test.ts.
 */
import type { InStatement } from '@libsql/client';
import { describe, expect, it } from 'vitest';
import type { Harness } from '../helpers/harness';
import { capturedPlans, clientOf, expectRangeScans } from '../helpers/list-plans';
import { orgWithRoles } from '../helpers/seed';

let h: Harness;
let statements: InStatement[];
const { plansOf } = capturedPlans(
  (s) => ({ h, statements } = s),
  () => ({ h, statements }),
);

describe('list pages are index range scans', () => {
  const cases: [string, string, string, ('owner' | 'member')?][] = [
    ['pending invitations', '/invitations?status=pending', 'invitations'],
    ['pending invitations a member sees', '/invitations?status=pending', 'invitations', 'member'],
    [
      "applications from a member's links",
      '/applications?status=pending',
      'applications',
      'member',
    ],
    ['expired invitations', '/invitations?status=expired', 'invitations'],
    ['all invitations', '/invitations', 'invitations'],
    ['pending applications', '/applications?status=pending', 'applications'],
    ['pending members', '/members?status=pending', 'memberships'],
    ['members by invitation state', '/members?invitation=queued', 'memberships'],
    ['links', '/links', 'invite_links'],
    ['audit', '/audit', 'audit_events'],
  ];
  for (const [what, path, table, role = 'owner'] of cases) {
    it(`${what}: ${path}`, async () => {
      const people = await orgWithRoles(h);
      statements = [];
      const res = await h.call('GET', `/api/orgs/${people.orgId}${path}`, {
        token: people[role].token,
      });
      expect(res.status).toBe(200);
      expectRangeScans(await plansOf(table));
    });
  }
});

describe('quick query fills in its hits by primary key', () => {
  it('looks up the invitations and applications it found by id, never through an organization index', async () => {
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
    for (const table of ['invitations', 'applications']) {
      const lookups = statements.filter(
        (s): s is Exclude<InStatement, string> =>
          typeof s !== 'string' && new RegExp(`^select .* from "${table}" where`, 'is').test(s.sql),
      );
      expect(lookups).toHaveLength(1);
      const rs = await clientOf(h).execute({
        sql: `EXPLAIN QUERY PLAN ${lookups[0]!.sql}`,
        args: lookups[0]!.args ?? [],
      });
      expect(rs.rows.map((r) => String(r.detail))).toEqual([
        expect.stringMatching(
          new RegExp(`^SEARCH ${table} USING INDEX sqlite_autoindex_${table}_1 \\(id=\\?\\)$`),
        ),
      ]);
    }
  });
});
