import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { applications, auditEvents, memberships } from '../../worker/src/db/schema';
import type { Org } from '../helpers/fresh';
import type { Harness } from '../helpers/harness';
import { joining, NEW_PASSWORD } from '../helpers/joining';
import { apply, createLink, linkIn, postForm } from '../helpers/links';

let h: Harness;
let org: Org;
const { appliedAndApproved } = joining((s) => ({ h, org } = s));

describe('revoking a leaked link and removing who joined through it', () => {
  it('is one audited action: memberships gone at once, pending applications rejected', async () => {
    const { link, mail } = await appliedAndApproved('one@example.com', 'Leaky One');
    await postForm(h, linkIn(mail, '/set-password/'), {
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    const one = await h.call('POST', '/api/auth/login', {
      body: { email: 'one@example.com', password: NEW_PASSWORD },
    });
    expect((await h.call('GET', `/api/orgs/${org.orgId}`, { token: one.body.token })).status).toBe(
      200,
    );
    await apply(h, link.token, { name: 'Leaky Two', email: 'two@example.com' });

    const denied = await h.call('DELETE', `/api/orgs/${org.orgId}/links/${link.id}`, {
      token: org.member.token,
      body: { removeJoined: true },
    });
    expect(denied.status).toBe(403);

    const res = await h.call('DELETE', `/api/orgs/${org.orgId}/links/${link.id}`, {
      token: org.admin.token,
      body: { removeJoined: true },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'revoked', removedMembers: 1 });
    expect(
      await h.db.select().from(memberships).where(eq(memberships.linkId, link.id)),
    ).toHaveLength(0);
    expect((await h.call('GET', `/api/orgs/${org.orgId}`, { token: one.body.token })).status).toBe(
      404,
    );
    const events = await h.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'link.revoke'));
    expect(events).toHaveLength(1);
    expect(events[0]!.detail).toMatchObject({ removeJoined: true });
    expect((events[0]!.detail as { removedUserIds: string[] }).removedUserIds).toEqual([
      one.body.user.id,
    ]);
    const [two] = await h.db
      .select()
      .from(applications)
      .where(eq(applications.email, 'two@example.com'));
    expect(two).toMatchObject({ status: 'rejected', reviewerId: org.admin.id });
  });

  it('a member revoking their own link may not remove its joiners (403), and the link stays', async () => {
    const link = await createLink(h, org.orgId, org.member.token);
    const res = await h.call('DELETE', `/api/orgs/${org.orgId}/links/${link.id}`, {
      token: org.member.token,
      body: { removeJoined: true },
    });
    expect(res.status).toBe(403);
    expect((await h.call('GET', `/api/join/${link.token}`)).status).toBe(200);
  });
});
