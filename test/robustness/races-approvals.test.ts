/**
 * Races over one application, through the real app: many approvals (and rejections) of it at once.
 * After each race the database holds exactly what one winner would have written — one account,
 * membership, set-password link, message and audit event. Each race runs on both databases of
 * test/helpers/races.ts.
 */
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  actionTokens,
  applications,
  auditEvents,
  memberships,
  outbox,
  users,
} from '../../worker/src/db/schema';
import { deliver, messagesTo } from '../helpers/invitations';
import { apply, createLink } from '../helpers/links';
import { expectErrorShape } from '../helpers/robustness';
import { h, org, onBothDatabases, statuses, countOf } from '../helpers/races';

onBothDatabases(() => {
  describe('one application, 20 parallel approvals', () => {
    it('make one account, one membership, one set-password link, one welcome and one audit event', async () => {
      const link = await createLink(h, org.orgId, org.admin.token);
      expect(
        (await apply(h, link.token, { name: 'Popular Person', email: 'popular@example.com' }))
          .status,
      ).toBe(201);
      const [app] = await h.db
        .select()
        .from(applications)
        .where(eq(applications.email, 'popular@example.com'));
      const reviewers = [org.owner.token, org.admin.token];
      const replies = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          h.call('POST', `/api/orgs/${org.orgId}/applications/${app!.id}/approve`, {
            token: reviewers[i % 2],
          }),
        ),
      );
      expect(statuses(replies)).toEqual([200, ...Array(19).fill(409)]);
      for (const r of replies.filter((x) => x.status !== 200)) {
        expectErrorShape(r);
        expect(r.body.error.code).toBe('already_reviewed');
      }
      const [account] = await h.db
        .select()
        .from(users)
        .where(eq(users.email, 'popular@example.com'));
      expect(await countOf(users, eq(users.email, 'popular@example.com'))).toBe(1);
      expect(
        await countOf(
          memberships,
          and(eq(memberships.orgId, org.orgId), eq(memberships.userId, account!.id)),
        ),
      ).toBe(1);
      expect(await countOf(actionTokens, eq(actionTokens.userId, account!.id))).toBe(1);
      expect(await countOf(outbox, eq(outbox.recipient, 'popular@example.com'))).toBe(1);
      expect(
        await countOf(
          auditEvents,
          and(eq(auditEvents.action, 'application.approve'), eq(auditEvents.targetId, app!.id)),
        ),
      ).toBe(1);
      await deliver(h);
      const mails = await messagesTo(h, 'popular@example.com');
      expect(mails.map((m) => m.subject)).toEqual(['Welcome to Acme']);
    });

    it('approvals racing rejections: one review wins, the account exists only if it was an approval', async () => {
      const link = await createLink(h, org.orgId, org.admin.token);
      expect(
        (await apply(h, link.token, { name: 'Torn Person', email: 'torn@example.com' })).status,
      ).toBe(201);
      const [app] = await h.db
        .select()
        .from(applications)
        .where(eq(applications.email, 'torn@example.com'));
      const replies = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          h.call(
            'POST',
            `/api/orgs/${org.orgId}/applications/${app!.id}/${i % 3 === 0 ? 'reject' : 'approve'}`,
            { token: org.owner.token },
          ),
        ),
      );
      expect(statuses(replies)).toEqual([200, ...Array(19).fill(409)]);
      const [row] = await h.db.select().from(applications).where(eq(applications.id, app!.id));
      const approved = row!.status === 'approved' ? 1 : 0;
      expect(await countOf(users, eq(users.email, 'torn@example.com'))).toBe(approved);
      expect(await countOf(outbox, eq(outbox.recipient, 'torn@example.com'))).toBe(approved);
      expect(await countOf(auditEvents, eq(auditEvents.targetId, app!.id))).toBe(2); // submit + the one review
    });
  });
});
