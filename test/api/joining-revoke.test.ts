import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { applications, auditEvents, memberships } from '../../worker/src/db/schema';
import type { Org } from '../helpers/fresh';
import type { Harness } from '../helpers/harness';
import { joining, NEW_PASSWORD } from '../helpers/joining';
import { apply, createLink, linkIn, mailTo, postForm } from '../helpers/links';

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

  it('revoking a link without approval stops the welcomes it gave that were not used yet; those who joined stay, and a reviewer’s approval stands', async () => {
    const form = { newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD };
    const open = await createLink(h, org.orgId, org.admin.token, {
      requiresApproval: false,
      role: 'admin',
    });
    const welcome = async (email: string) => {
      expect((await postForm(h, `/join/${open.token}`, { name: 'Pat Lee', email })).status).toBe(
        200,
      );
      return linkIn((await mailTo(h, email))[0]!, '/set-password/');
    };
    const joined = await welcome('joined@example.com');
    expect((await postForm(h, joined, form)).status).toBe(200);
    const waiting = await welcome('waiting@example.com');
    // Approved by a person through a link that asks for approval: that person vouched.
    const { link: reviewed, mail } = await appliedAndApproved('reviewed@example.com', 'Rev');

    for (const link of [open, reviewed])
      expect(
        (
          await h.call('DELETE', `/api/orgs/${org.orgId}/links/${link.id}`, {
            token: org.owner.token,
            body: {},
          })
        ).status,
      ).toBe(200);

    const page = await h.call('GET', waiting);
    expect(page.status).toBe(410);
    expect(page.text).toContain('This invitation no longer applies');
    const refused = await postForm(h, waiting, form);
    expect(refused.status).toBe(410);
    const signIn = (email: string) =>
      h.call('POST', '/api/auth/login', { body: { email, password: NEW_PASSWORD } });
    expect((await signIn('waiting@example.com')).status).toBe(401);
    const member = async (email: string) =>
      (
        await h.call('GET', `/api/orgs/${org.orgId}/members?status=active&limit=100`, {
          token: org.owner.token,
        })
      ).body.items.some((m: { email: string }) => m.email === email);
    expect(await member('waiting@example.com')).toBe(false);
    // Who already joined stays (only removeJoined removes them).
    const one = await signIn('joined@example.com');
    expect(one.body.memberships).toEqual([
      expect.objectContaining({ orgId: org.orgId, role: 'admin' }),
    ]);
    expect(await member('joined@example.com')).toBe(true);
    expect((await postForm(h, linkIn(mail, '/set-password/'), form)).status).toBe(200);
    expect(await member('reviewed@example.com')).toBe(true);
  });
});
