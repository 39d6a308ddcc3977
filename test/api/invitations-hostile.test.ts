/**
 * Generated bodies, queries and tokens against the invitation, member, import and search routes:
 * never a 500.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness';
import { addPerson } from '../helpers/invitations';
import { orgWithRoles } from '../helpers/seed';

let h: Harness;
let org: Awaited<ReturnType<typeof orgWithRoles>>;
let personId: string;
let invitationId: string;
beforeAll(async () => {
  h = await startHarness({ autoDeliver: false });
  org = await orgWithRoles(h);
  personId = await addPerson(h, org.orgId, org.owner.token, { email: 'p@example.com' });
  const inv = await h.call('POST', `/api/orgs/${org.orgId}/invitations`, {
    token: org.owner.token,
    body: { email: 'i@example.com', role: 'member' },
  });
  invitationId = inv.body.invitation.id;
});
afterAll(() => h.close());

const value = fc.letrec((tie) => ({
  any: fc.oneof(
    { depthSize: 'small' },
    fc.string(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('any'), { maxLength: 3 }),
    fc.dictionary(fc.string(), tie('any'), { maxKeys: 3 }),
  ),
})).any;
/** Objects with the routes' field names and hostile values. */
const body = fc.record(
  {
    email: value,
    phone: value,
    channel: fc.oneof(value, fc.constantFrom('email', 'sms', 'link')),
    role: fc.oneof(value, fc.constantFrom('owner', 'admin', 'member', 'OWNER', 'owner ')),
    departmentId: value,
    workspaces: fc.oneof(
      value,
      fc.array(fc.record({ workspaceId: value, role: value }), { maxLength: 3 }),
    ),
    profile: value,
    firstName: value,
    lastName: value,
    userIds: fc.oneof(value, fc.array(fc.string(), { maxLength: 5 })),
    name: value,
    password: value,
  },
  { requiredKeys: [] },
);

const check = (status: number, text: string) => {
  expect(status, text).toBeLessThan(500);
  if (status >= 400) expect(JSON.parse(text).error.code).toBeTypeOf('string');
};

describe('hostile input', () => {
  it('JSON bodies', async () => {
    const routes: [string, string][] = [
      ['POST', `/api/orgs/${org.orgId}/invitations`],
      ['PUT', `/api/orgs/${org.orgId}/invitations/${invitationId}/workspaces`],
      ['POST', `/api/orgs/${org.orgId}/members`],
      ['PATCH', `/api/orgs/${org.orgId}/members/${personId}`],
      ['POST', `/api/orgs/${org.orgId}/members/invite`],
      ['POST', '/api/invite/abc.def/accept'],
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), body, async ([method, path], b) => {
        const res = await h.call(method, path, { token: org.admin.token, body: b });
        check(res.status, res.text);
      }),
      { numRuns: 150 },
    );
  });

  it('query strings, tokens and CSV', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 120 }),
        fc.string({ maxLength: 300 }),
        async (q, csv) => {
          for (const path of [
            `/api/orgs/${org.orgId}/search?q=${encodeURIComponent(q)}`,
            `/api/orgs/${org.orgId}/members?q=${encodeURIComponent(q)}&status=${encodeURIComponent(q)}`,
            `/api/orgs/${org.orgId}/invitations?q=${encodeURIComponent(q)}&cursor=${encodeURIComponent(q)}`,
            `/api/invite/${encodeURIComponent(q)}`,
          ]) {
            const res = await h.call('GET', path, { token: org.admin.token });
            check(res.status, res.text);
          }
          const page = await h.call('GET', `/invite/${encodeURIComponent(q)}`);
          expect(page.status).toBeLessThan(500);
          const imported = await h.call('POST', `/api/orgs/${org.orgId}/members/import`, {
            token: org.admin.token,
            raw: `firstName,lastName,email,phone,role,department\n${csv}`,
            headers: { 'content-type': 'text/csv' },
          });
          check(imported.status, imported.text);
        },
      ),
      { numRuns: 100 },
    );
  });
});
