/**
 * Lists stay fast as data grows (docs/DESIGN.md §5): every page the list routes read is one indexed
 * range scan in newest-first order that stops after the page. Checked on the statements the routes
 * really run (captured on their way to the database and handed back unchanged), through SQLite's
 * EXPLAIN QUERY PLAN: no temporary B-tree for the ORDER BY (that would read every matching row of
 * the organization before the first page), and no full scan. With no ANALYZE statistics the plan
 * does not depend on how many rows there are, so a small database shows the plan a large one gets.
 * The lists' `q` filter and the quick query: list-plans-search.test.ts.
 */
import type { InStatement } from '@libsql/client';
import { describe, expect, it } from 'vitest';
import type { Harness } from '../helpers/harness';
import { capturedPlans, expectRangeScans } from '../helpers/list-plans';
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
    ['invitations whose message bounced', '/invitations?delivery=problem', 'invitations'],
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
