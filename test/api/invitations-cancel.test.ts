import { describe, expect, it } from 'vitest';
import { outbox } from '../../worker/src/db/schema';
import { resendTransport } from '../../worker/src/mail/resend';
import { startResendFake } from '../fakes/resend-fake';
import type { Org } from '../helpers/fresh';
import { startHarness, type Harness } from '../helpers/harness';
import { deliver, linkToken, mailbox } from '../helpers/invitations';
import { manageTests } from '../helpers/invitations-manage';
import { orgWithRoles } from '../helpers/seed';

let h: Harness;
let org: Org;
const { base, invite, accept } = manageTests((s) => ({ h, org } = s));

describe('cancel', () => {
  it('kills the link at once and skips a message still queued', async () => {
    const fake = await startResendFake();
    const hh = await startHarness({
      email: resendTransport({
        apiKey: 're_test',
        from: 'Invitations <invites@example.com>',
        baseUrl: fake.url,
      }),
    });
    try {
      const o = await orgWithRoles(hh);
      fake.failNext(1, { status: 503 }); // the first attempt fails: the message waits in the outbox
      const res = await hh.call('POST', `/api/orgs/${o.orgId}/invitations`, {
        token: o.admin.token,
        body: { email: 'alice@example.com', role: 'member' },
      });
      await hh.services.outbox.kick();
      const [waiting] = await hh.db.select().from(outbox);
      expect(waiting).toMatchObject({ status: 'queued', attempts: 1 });
      expect(
        (
          await hh.call('DELETE', `/api/orgs/${o.orgId}/invitations/${res.body.invitation.id}`, {
            token: o.admin.token,
          })
        ).status,
      ).toBe(204);
      hh.clock.advance(60_000);
      await hh.services.outbox.kick();
      expect(fake.sent).toHaveLength(0);
      expect((await hh.db.select().from(outbox)).map((r) => r.status)).toEqual(['skipped']);
      const again = await hh.call(
        'DELETE',
        `/api/orgs/${o.orgId}/invitations/${res.body.invitation.id}`,
        { token: o.admin.token },
      );
      expect([again.status, again.body.error.code]).toEqual([410, 'invitation_canceled']);
    } finally {
      await hh.close();
      await fake.close();
    }
  });

  it('makes a delivered link answer invitation_canceled', async () => {
    const id = await invite(org.owner.token, { email: 'alice@example.com' });
    await deliver(h);
    const token = linkToken((await mailbox(h))[0]!.text, 'invite');
    await h.call('DELETE', `${base()}/${id}`, { token: org.owner.token });
    const res = await accept(token);
    expect([res.status, res.body.error.code]).toEqual([410, 'invitation_canceled']);
  });

  it('is refused to an admin for an owner’s invitation, and to members', async () => {
    const ownerInvite = await invite(org.owner.token, { email: 'o@example.com', role: 'owner' });
    expect(
      (await h.call('DELETE', `${base()}/${ownerInvite}`, { token: org.admin.token })).status,
    ).toBe(403);
    expect(
      (await h.call('DELETE', `${base()}/${ownerInvite}`, { token: org.member.token })).status,
    ).toBe(403);
    expect(
      (await h.call('DELETE', `${base()}/${ownerInvite}`, { token: org.owner.token })).status,
    ).toBe(204);
  });
});
