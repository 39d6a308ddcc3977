/**
 * Races over one personal invitation, through the real app: parallel acceptances (the API and the
 * hosted page), a resend racing an acceptance, resends racing a cancel. After each race the
 * database holds exactly what one winner would have written — one account and membership, and
 * exactly one live token or none. Each race runs on both databases of test/helpers/races.ts.
 */
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditEvents, invitations, memberships, sessions, users } from '../../worker/src/db/schema';
import { deliver, linkToken, messagesTo } from '../helpers/invitations';
import { createUser, PASSWORD } from '../helpers/seed';
import { expectErrorShape } from '../helpers/robustness';
import { h, org, onBothDatabases, countOf, currentInviteToken, invite } from '../helpers/races';

onBothDatabases(() => {
  describe('one invitation, parallel acceptances', () => {
    it('a new person: one wins, the others get 410 invitation_accepted (or 409), one account and one membership', async () => {
      const inv = await invite({ email: 'accept-race@example.com' });
      const token = await currentInviteToken(inv.id);
      const replies = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          h.call('POST', `/api/invite/${token}/accept`, {
            body: { name: `Claimant ${i}`, password: `a good long password ${i}` },
            headers: { 'cf-connecting-ip': `10.60.0.${i}` },
          }),
        ),
      );
      expect(replies.filter((r) => r.status === 200)).toHaveLength(1);
      for (const r of replies.filter((x) => x.status !== 200)) {
        expectErrorShape(r);
        expect(['invitation_accepted', 'conflict']).toContain(r.body.error.code);
      }
      const winner = replies.find((r) => r.status === 200)!;
      const accounts = await h.db
        .select()
        .from(users)
        .where(eq(users.email, 'accept-race@example.com'));
      expect(accounts).toHaveLength(1);
      expect(accounts[0]!.id).toBe(winner.body.user.id);
      expect(
        await h.db
          .select()
          .from(memberships)
          .where(and(eq(memberships.orgId, org.orgId), eq(memberships.userId, accounts[0]!.id))),
      ).toMatchObject([{ status: 'active' }]);
      expect(await countOf(sessions, eq(sessions.userId, accounts[0]!.id))).toBe(1);
      expect(
        await countOf(
          auditEvents,
          and(eq(auditEvents.action, 'invitation.accept'), eq(auditEvents.targetId, inv.id)),
        ),
      ).toBe(1);
      // The winner's password is the one that works.
      const n = /\d+$/.exec(winner.body.user.name)![0];
      expect(
        (
          await h.call('POST', '/api/auth/login', {
            body: { email: 'accept-race@example.com', password: `a good long password ${n}` },
          })
        ).status,
      ).toBe(200);
    });

    it('an existing account through the API and the hosted page at once: one membership, every loser refused', async () => {
      const bob = await createUser(h, 'bob-race@example.com', { name: 'Bob Race' });
      const inv = await invite({ email: 'bob-race@example.com', role: 'admin' });
      const token = await currentInviteToken(inv.id);
      const api = Array.from({ length: 6 }, (_, i) =>
        h.call('POST', `/api/invite/${token}/accept`, {
          body: { password: PASSWORD },
          headers: { 'cf-connecting-ip': `10.61.0.${i}` },
        }),
      );
      const page = Array.from({ length: 4 }, async () => {
        const res = await h.request(`/invite/${token}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            origin: 'http://localhost:8787',
            'sec-fetch-site': 'same-origin',
          },
          body: new URLSearchParams({ password: PASSWORD }).toString(),
        });
        return { status: res.status, text: await res.text() };
      });
      const [apiReplies, pageReplies] = await Promise.all([Promise.all(api), Promise.all(page)]);
      const wins =
        apiReplies.filter((r) => r.status === 200).length +
        pageReplies.filter((r) => r.status === 200).length;
      expect(wins).toBe(1);
      for (const r of apiReplies.filter((x) => x.status !== 200)) {
        expectErrorShape(r);
        // A loser that read the invitation before the winner committed finds the membership already
        // active.
        expect(['invitation_accepted', 'already_member']).toContain(r.body.error.code);
      }
      for (const r of pageReplies.filter((x) => x.status !== 200))
        expect([409, 410]).toContain(r.status);
      expect(
        await h.db
          .select()
          .from(memberships)
          .where(and(eq(memberships.orgId, org.orgId), eq(memberships.userId, bob.id))),
      ).toMatchObject([{ role: 'admin', status: 'active' }]);
      const [row] = await h.db.select().from(invitations).where(eq(invitations.id, inv.id));
      expect(row).toMatchObject({ status: 'accepted', acceptedBy: bob.id });
    });
  });

  describe('resend racing accept', () => {
    it('an acceptance that was still checking its password when a resend killed its link fails: the old link stops working', async () => {
      let bothWon = 0;
      for (let i = 0; i < 5; i++) {
        const created = await invite({ email: `ra${i}@example.com`, channel: 'email' });
        const tokenNow = async () => {
          const [r] = await h.db.select().from(invitations).where(eq(invitations.id, created.id));
          return h.services.tokens.derive('invitation', r!.id, r!.tokenNonce);
        };
        const oldToken = await tokenNow();
        // The acceptance starts first; hashing its new password takes long enough for the resend to
        // commit meanwhile.
        const accepting = h.call('POST', `/api/invite/${oldToken}/accept`, {
          body: { name: 'Late Taker', password: 'a good long password' },
          headers: { 'cf-connecting-ip': `10.62.0.${i}` },
        });
        const resent = await h.call(
          'POST',
          `/api/orgs/${org.orgId}/invitations/${created.id}/resend`,
          { token: org.owner.token },
        );
        const accepted = await accepting;
        const [row] = await h.db.select().from(invitations).where(eq(invitations.id, created.id));
        if (resent.status === 200 && accepted.status === 200) bothWon++;
        if (resent.status === 200) {
          // The resend went through, so the old link is dead: the acceptance through it changed
          // nothing.
          expect(accepted.status, accepted.text).toBe(404);
          expectErrorShape(accepted);
          expect(row!.status).toBe('pending');
          expect(await countOf(users, eq(users.email, `ra${i}@example.com`))).toBe(0);
          // The new link works.
          const fresh = await h.call('POST', `/api/invite/${await tokenNow()}/accept`, {
            body: { name: 'Right Taker', password: 'a good long password' },
            headers: { 'cf-connecting-ip': `10.63.0.${i}` },
          });
          expect(fresh.status, fresh.text).toBe(200);
        } else {
          expect(accepted.status).toBe(200);
          expect(resent.body.error.code).toBe('invitation_accepted');
        }
      }
      expect(bothWon).toBe(0);
    });
  });

  describe('resend racing cancel', () => {
    type Op = 'resend' | 'cancel';
    const ROUNDS: { channel: 'email' | 'link'; ops: Op[] }[] = [];
    for (const channel of ['email', 'link'] as const) {
      ROUNDS.push(
        { channel, ops: ['resend', 'cancel'] },
        { channel, ops: ['cancel', 'resend'] },
        { channel, ops: ['resend', 'cancel', 'resend'] },
        { channel, ops: ['resend', 'resend', 'resend'] },
      );
    }

    it.each(ROUNDS.map((r, i) => [i, r.channel, r.ops.join('+'), r] as const))(
      'round %i (%s, %s): canceled with no live token, or pending with exactly one live token and the old one dead',
      async (i, channel, _ops, round) => {
        const email = `rc${i}@example.com`;
        const created = await invite({ email, channel });
        const oldToken = await currentInviteToken(created.id);
        const path = `/api/orgs/${org.orgId}/invitations/${created.id}`;
        const replies = await Promise.all(
          round.ops.map((op) =>
            op === 'resend'
              ? h.call('POST', `${path}/resend`, { token: org.admin.token })
              : h.call('DELETE', path, { token: org.owner.token }),
          ),
        );
        replies.forEach((r, j) => {
          if (r.status >= 400) {
            expectErrorShape(r);
            expect(r.body.error.code, round.ops[j]).toBe('invitation_canceled');
          }
        });
        const cancelAcknowledged = replies.some(
          (r, j) => round.ops[j] === 'cancel' && r.status === 204,
        );
        const [row] = await h.db.select().from(invitations).where(eq(invitations.id, created.id));
        const current = await currentInviteToken(created.id);
        // Every token anyone was given: the first one, those resends answered with, those in
        // messages.
        await deliver(h);
        const mailed = (await messagesTo(h, email)).map((m) => linkToken(m.text, 'invite'));
        const given = new Set([
          oldToken,
          current,
          ...mailed,
          ...replies.flatMap((r) =>
            r.body?.url ? [String(r.body.url).split('/invite/')[1]!] : [],
          ),
        ]);
        const live: string[] = [];
        for (const t of given) {
          const res = await h.call('GET', `/api/invite/${t}`);
          if (res.status === 200) live.push(t);
          else expectErrorShape(res);
        }
        if (cancelAcknowledged) expect(row!.status).toBe('canceled');
        if (row!.status === 'canceled') {
          expect(live).toEqual([]);
          expect(mailed).toEqual([]); // messages queued by the resends are skipped, never delivered
        } else {
          expect(row!.status).toBe('pending');
          expect(live).toEqual([current]);
          expect(current).not.toBe(oldToken);
          expect(row!.resendCount).toBe(replies.filter((r) => r.status === 200).length);
          if (channel === 'email') expect(mailed.every((t) => t === current)).toBe(true);
        }
      },
    );
  });
});
