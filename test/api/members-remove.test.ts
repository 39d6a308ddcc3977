import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { actionTokens, invitations, inviteLinks, memberships } from '../../worker/src/db/schema';
import { freshOrg, type Org } from '../helpers/fresh';
import type { Harness } from '../helpers/harness';
import { addPerson, createWorkspace, joinWorkspace } from '../helpers/invitations';

let h: Harness;
let org: Org;
freshOrg((s) => ({ h, org } = s));

const base = () => `/api/orgs/${org.orgId}/members`;

describe('DELETE /members/:userId', () => {
  it('ends access at once and revokes their links, invitations and outstanding set-password links', async () => {
    const link = await h.call('POST', `/api/orgs/${org.orgId}/links`, {
      token: org.admin.token,
      body: { expiresInHours: 24 },
    });
    expect(link.status).toBe(201);
    const sent = await h.call('POST', `/api/orgs/${org.orgId}/invitations`, {
      token: org.admin.token,
      body: { email: 'x@example.com', role: 'member' },
    });
    const toThem = await h.call('POST', `/api/orgs/${org.orgId}/invitations`, {
      token: org.owner.token,
      body: { email: 'pending@example.com', role: 'member' },
    });
    const pending = await addPerson(h, org.orgId, org.owner.token, {
      email: 'pending@example.com',
    });
    await h.call('POST', `${base()}/invite`, {
      token: org.owner.token,
      body: { userIds: [pending], channel: 'email' },
    });
    const ws = await createWorkspace(h, org.orgId, org.owner.token, 'W');
    await joinWorkspace(h, org.orgId, ws, org.admin.id, 'manager');

    expect((await h.call('GET', `${base()}`, { token: org.admin.token })).status).toBe(200);
    expect(
      (await h.call('DELETE', `${base()}/${org.admin.id}`, { token: org.owner.token })).status,
    ).toBe(204);
    const refused = await h.call('GET', `${base()}`, { token: org.admin.token });
    expect([refused.status, refused.body.error.code]).toEqual([404, 'not_found']);
    expect((await h.call('GET', '/api/me', { token: org.admin.token })).body.memberships).toEqual(
      [],
    );
    const [l] = await h.db.select().from(inviteLinks).where(eq(inviteLinks.id, link.body.id));
    expect(l!.revokedAt).not.toBeNull();
    const [inv] = await h.db
      .select()
      .from(invitations)
      .where(eq(invitations.id, sent.body.invitation.id));
    expect(inv!.status).toBe('canceled');

    expect(
      (await h.call('DELETE', `${base()}/${pending}`, { token: org.owner.token })).status,
    ).toBe(204);
    const [theirs] = await h.db
      .select()
      .from(invitations)
      .where(eq(invitations.id, toThem.body.invitation.id));
    expect(theirs!.status).toBe('canceled');
    expect(
      (await h.db.select().from(actionTokens).where(eq(actionTokens.userId, pending))).every(
        (t) => t.usedAt !== null,
      ),
    ).toBe(true);
    expect(
      await h.db.select().from(memberships).where(eq(memberships.userId, pending)),
    ).toHaveLength(0);
    expect(
      (await h.call('DELETE', `${base()}/${pending}`, { token: org.owner.token })).status,
    ).toBe(404);
  });

  it('admins cannot remove owners, members cannot remove anyone, and the last owner stays', async () => {
    expect(
      (await h.call('DELETE', `${base()}/${org.owner.id}`, { token: org.admin.token })).status,
    ).toBe(403);
    expect(
      (await h.call('DELETE', `${base()}/${org.admin.id}`, { token: org.member.token })).status,
    ).toBe(403);
    const last = await h.call('DELETE', `${base()}/${org.owner.id}`, { token: org.owner.token });
    expect([last.status, last.body.error.code]).toEqual([409, 'conflict']);
  });
});
