/**
 * A person who belongs to two organizations is named in each as that organization knows them, and
 * judged by the role they hold there (docs/SECURITY.md, "Identity belongs to its owner; what an
 * organization knows is its own"). The person here joined Beta first, so a subquery that lost its
 * organization (drizzle writes a bare column name in a one-table SELECT's fields:
 * worker/src/db/qualified.ts) would find Beta's row before Acme's.
 */
import { and, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { memberships } from '../../worker/src/db/schema';
import { freshHarness } from '../helpers/fresh';
import type { Harness } from '../helpers/harness';
import { apply, createLink } from '../helpers/links';
import { addMember, createOrg, createUser, orgWithRoles, type Person } from '../helpers/seed';

let h: Harness;
freshHarness((s) => ({ h } = s));

let acme: Awaited<ReturnType<typeof orgWithRoles>>;
let pat: Person;

async function nameIn(orgId: string, firstName: string, lastName: string) {
  await h.db
    .update(memberships)
    .set({ firstName, lastName })
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, pat.id)));
}

beforeEach(async () => {
  pat = await createUser(h, 'pat@example.com', { name: 'Pat Account' });
  const beta = await createOrg(h, pat, 'Beta');
  await nameIn(beta, 'Beta', 'Name');
  acme = await orgWithRoles(h, 'Acme');
  await addMember(h, acme.orgId, pat, 'admin');
  await nameIn(acme.orgId, 'Acme', 'Name');
});

const acmeCall = (path: string) =>
  h.call('GET', `/api/orgs/${acme.orgId}${path}`, { token: acme.owner.token });

describe('a person in two organizations, as each knows them', () => {
  it('links, invitations, applications and the audit log name them as Acme does', async () => {
    const link = await createLink(h, acme.orgId, pat.token);
    const invited = await h.call('POST', `/api/orgs/${acme.orgId}/invitations`, {
      token: pat.token,
      body: { email: 'someone@example.com', role: 'member' },
    });
    expect(invited.status).toBe(201);
    expect(invited.body.invitation.createdBy.name).toBe('Acme Name');
    expect((await apply(h, link.token, { name: 'New One', email: 'new@example.com' })).status).toBe(
      201,
    );

    // The answer to creating it too.
    expect(link.body.createdBy.name).toBe('Acme Name');
    const links = await acmeCall('/links');
    expect(links.body.items[0].createdBy.name).toBe('Acme Name');
    expect((await acmeCall(`/links/${link.id}`)).body.link.createdBy.name).toBe('Acme Name');
    const invitations = await acmeCall('/invitations');
    expect(invitations.body.items[0].createdBy.name).toBe('Acme Name');
    const applications = await acmeCall('/applications');
    expect(applications.body.items[0].inviter.name).toBe('Acme Name');
    const audit = await acmeCall('/audit');
    const byPat = audit.body.items.filter(
      (e: { actor: { id: string } | null }) => e.actor?.id === pat.id,
    );
    expect(byPat.length).toBeGreaterThan(0);
    expect(new Set(byPat.map((e: { actor: { name: string } }) => e.actor.name))).toEqual(
      new Set(['Acme Name']),
    );
    expect(
      JSON.stringify([links.body, invitations.body, applications.body, audit.body]),
    ).not.toContain('Beta Name');
  });

  it('a link is judged by the role its creator holds in Acme, not the one they hold in Beta', async () => {
    const link = await createLink(h, acme.orgId, pat.token, { role: 'admin' });
    expect(link.body.status).toBe('active');
    // Demoted in Acme; still Beta's owner.
    await h.call('PATCH', `/api/orgs/${acme.orgId}/members/${pat.id}`, {
      token: acme.owner.token,
      body: { role: 'member' },
    });
    const listed = await acmeCall('/links');
    expect(listed.body.items.find((l: { id: string }) => l.id === link.id).status).toBe(
      'suspended',
    );
    expect((await acmeCall(`/links/${link.id}`)).body.link.status).toBe('suspended');
  });
});
