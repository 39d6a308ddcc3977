import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { invitations } from '../../worker/src/db/schema';
import type { Org } from '../helpers/fresh';
import type { Harness } from '../helpers/harness';
import { acceptCopiedLink, deliver, HOUR, linkToken, mailbox } from '../helpers/invitations';
import { manageTests, NEWCOMER } from '../helpers/invitations-manage';
import { createOrg, createUser } from '../helpers/seed';

let h: Harness;
let org: Org;
const { base, invite, accept } = manageTests((s) => ({ h, org } = s));

describe('resend', () => {
  it('issues a new token and a new expiry; the old link stops working', async () => {
    const id = await invite(org.admin.token, { email: 'alice@example.com' });
    await deliver(h);
    const oldToken = linkToken((await mailbox(h))[0]!.text, 'invite');
    h.clock.advance(80 * HOUR); // expired: resend revives it
    expect((await h.call('GET', `/api/invite/${oldToken}`)).body.error.code).toBe(
      'invitation_expired',
    );
    const res = await h.call('POST', `${base()}/${id}/resend`, { token: org.admin.token });
    expect(res.status).toBe(200);
    expect(res.body.invitation).toMatchObject({ id, status: 'pending', resendCount: 1 });
    expect(Date.parse(res.body.invitation.expiresAt)).toBe(h.clock.now() + 72 * HOUR);
    await deliver(h);
    const newToken = linkToken((await mailbox(h))[1]!.text, 'invite');
    expect(newToken).not.toBe(oldToken);
    expect((await h.call('GET', `/api/invite/${oldToken}`)).status).toBe(404);
    expect((await accept(oldToken)).status).toBe(404);
    expect((await accept(newToken)).status).toBe(200);
  });

  it('answers the new URL for a link invitation', async () => {
    const created = await h.call('POST', base(), {
      token: org.owner.token,
      body: { email: 'l@example.com', role: 'member', channel: 'link' },
    });
    const res = await h.call('POST', `${base()}/${created.body.invitation.id}/resend`, {
      token: org.owner.token,
    });
    expect(res.body.url).toMatch(/\/invite\//);
    expect(res.body.url).not.toBe(created.body.url);
  });

  it('refuses an admin on an owner’s invitation, members, and invitations that are over', async () => {
    const ownerInvite = await invite(org.owner.token, { email: 'o@example.com', role: 'owner' });
    const res = await h.call('POST', `${base()}/${ownerInvite}/resend`, { token: org.admin.token });
    expect(res.status).toBe(403);
    const plain = await invite(org.admin.token, { email: 'p@example.com' });
    expect(
      (await h.call('POST', `${base()}/${plain}/resend`, { token: org.member.token })).status,
    ).toBe(403);
    await h.call('DELETE', `${base()}/${plain}`, { token: org.admin.token });
    const canceled = await h.call('POST', `${base()}/${plain}/resend`, { token: org.admin.token });
    expect([canceled.status, canceled.body.error.code]).toEqual([410, 'invitation_canceled']);
    const link = await h.call('POST', base(), {
      token: org.owner.token,
      body: { email: 'q@example.com', role: 'member', channel: 'link' },
    });
    expect((await acceptCopiedLink(h, link.body.url.split('/invite/')[1], NEWCOMER)).status).toBe(
      200,
    );
    const accepted = await h.call('POST', `${base()}/${link.body.invitation.id}/resend`, {
      token: org.owner.token,
    });
    expect([accepted.status, accepted.body.error.code]).toEqual([410, 'invitation_accepted']);
    const [row] = await h.db.select().from(invitations).where(eq(invitations.id, ownerInvite));
    expect(row!.resendCount).toBe(0);
  });

  it('answers already_invited when a newer invitation took the address, and refuses SMS in e-mail-only mode', async () => {
    const old = await invite(org.owner.token, { email: 'alice@example.com' });
    h.clock.advance(73 * HOUR);
    await invite(org.owner.token, { email: 'alice@example.com' });
    const res = await h.call('POST', `${base()}/${old}/resend`, { token: org.owner.token });
    expect([res.status, res.body.error.code]).toEqual([409, 'already_invited']);
    const sms = await invite(org.owner.token, { phone: '+79051111111', channel: 'sms' });
    await h.call('PATCH', `/api/orgs/${org.orgId}/settings`, {
      token: org.owner.token,
      body: { emailOnly: true },
    });
    const refused = await h.call('POST', `${base()}/${sms}/resend`, { token: org.owner.token });
    expect(refused.status).toBe(422);
    expect(refused.body.error.fields).toHaveProperty('channel');
  });

  it('answers 404 for an invitation of another organization', async () => {
    const other = await createUser(h, 'boss@globex.test');
    const otherOrg = await createOrg(h, other, 'Globex');
    const res = await h.call('POST', `/api/orgs/${otherOrg}/invitations`, {
      token: other.token,
      body: { email: 'x@example.com', role: 'member' },
    });
    for (const [method, path] of [
      ['POST', '/resend'],
      ['DELETE', ''],
      ['PUT', '/workspaces'],
    ] as const) {
      const r = await h.call(method, `${base()}/${res.body.invitation.id}${path}`, {
        token: org.owner.token,
        body: method === 'PUT' ? { workspaces: [] } : undefined,
      });
      expect(r.status).toBe(404);
    }
  });
});
