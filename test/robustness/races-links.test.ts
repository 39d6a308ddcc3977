/**
 * Races over a general link, through the real app: many applications at once (Promise.all over
 * `app.request`) against a link's use limit, and one person sending the join form several times at
 * once. After each race the database holds exactly what the winners would have written — no extra
 * application, member, message, token or use. Each race runs on both databases of
 * test/helpers/races.ts.
 */
import { and, eq, like } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  actionTokens,
  applications,
  auditEvents,
  inviteLinks,
  memberships,
  outbox,
  users,
} from '../../worker/src/db/schema';
import { deliver, messagesTo } from '../helpers/invitations';
import { apply, createLink } from '../helpers/links';
import { addMember, createUser } from '../helpers/seed';
import { expectErrorShape } from '../helpers/robustness';
import { h, org, onBothDatabases, statuses, countOf } from '../helpers/races';

onBothDatabases(() => {
  describe('a link limited to 5 uses', () => {
    it('50 parallel applications admit exactly 5; the other 45 get 410 link_exhausted', async () => {
      const link = await createLink(h, org.orgId, org.admin.token, { maxUses: 5 });
      const replies = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          apply(
            h,
            link.token,
            { name: `Racer ${i}`, email: `racer${i}@example.com` },
            `10.50.0.${i}`,
          ),
        ),
      );
      expect(statuses(replies)).toEqual([...Array(5).fill(201), ...Array(45).fill(410)]);
      for (const r of replies.filter((x) => x.status !== 201)) {
        expectErrorShape(r);
        expect(r.body.error.code).toBe('link_exhausted');
      }
      expect(await countOf(applications, eq(applications.linkId, link.id))).toBe(5);
      const [row] = await h.db.select().from(inviteLinks).where(eq(inviteLinks.id, link.id));
      expect(row!.useCount).toBe(5);
      expect(await countOf(auditEvents, eq(auditEvents.action, 'application.submit'))).toBe(5);
    });

    it('with approval off, 50 parallel joins make exactly 5 accounts, 5 memberships and 5 welcomes', async () => {
      const link = await createLink(h, org.orgId, org.admin.token, {
        maxUses: 5,
        requiresApproval: false,
      });
      const replies = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          apply(
            h,
            link.token,
            { name: `Direct ${i}`, email: `direct${i}@example.com` },
            `10.51.0.${i}`,
          ),
        ),
      );
      expect(statuses(replies)).toEqual([...Array(5).fill(201), ...Array(45).fill(410)]);
      expect(
        replies.filter((r) => r.status === 201).every((r) => r.body.status === 'approved'),
      ).toBe(true);
      expect(await countOf(memberships, eq(memberships.linkId, link.id))).toBe(5);
      expect(await countOf(users, like(users.email, 'direct%@example.com'))).toBe(5);
      expect(
        await countOf(
          outbox,
          and(eq(outbox.kind, 'welcome'), like(outbox.recipient, 'direct%@example.com')),
        ),
      ).toBe(5);
      await deliver(h);
      let welcomed = 0;
      for (let i = 0; i < 50; i++)
        welcomed += (await messagesTo(h, `direct${i}@example.com`)).length;
      expect(welcomed).toBe(5);
    });
  });

  describe('one person submitting the join form several times at once', () => {
    it('with approval off: one application, one membership, one welcome, whatever the others answer', async () => {
      const link = await createLink(h, org.orgId, org.admin.token, {
        maxUses: 50,
        requiresApproval: false,
      });
      for (let i = 0; i < 4; i++) {
        const email = `double-click-${i}@example.com`;
        const replies = await Promise.all(
          [1, 2, 3].map((k) =>
            apply(h, link.token, { name: 'Double Click', email }, `10.52.${i}.${k}`),
          ),
        );
        expect(replies.filter((r) => r.status === 201)).not.toHaveLength(0);
        for (const r of replies.filter((x) => x.status !== 201)) {
          expectErrorShape(r);
          expect(r.body.error.code).toBe('already_applied');
        }
        expect(await countOf(applications, eq(applications.email, email))).toBe(1);
        const [account] = await h.db.select().from(users).where(eq(users.email, email));
        expect(
          await countOf(
            memberships,
            and(eq(memberships.orgId, org.orgId), eq(memberships.userId, account!.id)),
          ),
        ).toBe(1);
        expect(await countOf(actionTokens, eq(actionTokens.userId, account!.id))).toBe(1);
        expect(
          await countOf(outbox, and(eq(outbox.recipient, email), eq(outbox.kind, 'welcome'))),
        ).toBe(1);
      }
    });
    it('an existing member: one "you already belong" notice and one use of the link, whatever the others answer', async () => {
      for (const requiresApproval of [false, true]) {
        const link = await createLink(h, org.orgId, org.admin.token, {
          maxUses: 50,
          requiresApproval,
        });
        for (let i = 0; i < 3; i++) {
          const email = `already-here-${requiresApproval}-${i}@example.com`;
          const person = await createUser(h, email, { name: 'Already Here' });
          await addMember(h, org.orgId, person, 'member');
          const replies = await Promise.all(
            [1, 2, 3].map((k) =>
              apply(h, link.token, { name: 'Already Here', email }, `10.53.${i}.${k}`),
            ),
          );
          expect(replies.filter((r) => r.status === 201)).toHaveLength(1);
          for (const r of replies.filter((x) => x.status !== 201)) {
            expectErrorShape(r);
            expect(r.body.error.code).toBe('already_applied');
          }
          expect(
            await countOf(
              outbox,
              and(eq(outbox.recipient, email), eq(outbox.kind, 'already_member')),
            ),
          ).toBe(1);
          expect(await countOf(applications, eq(applications.email, email))).toBe(0);
        }
        const [row] = await h.db
          .select({ uses: inviteLinks.useCount })
          .from(inviteLinks)
          .where(eq(inviteLinks.id, link.id));
        expect(row!.uses).toBe(3);
      }
    });
  });
});
