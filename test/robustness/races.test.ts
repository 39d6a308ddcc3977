/**
 * Races through the real app: many requests for the same thing at once (Promise.all over
 * `app.request`), and after each race the database holds exactly what one winner would have written
 * — no extra member, message, token or use.
 */
import { and, count, eq, inArray, isNull, like, type SQL } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  actionTokens,
  applications,
  auditEvents,
  departments,
  invitations,
  inviteLinks,
  memberships,
  outbox,
  sessions,
  users,
} from '../../worker/src/db/schema';
import { startHarness, type Harness, type Reply } from '../helpers/harness';
import { startLatentHarness } from '../helpers/robustness-harness';
import { createDepartment, deliver, linkToken, messagesTo } from '../helpers/invitations';
import { apply, createLink } from '../helpers/links';
import { addMember, createUser, orgWithRoles, PASSWORD } from '../helpers/seed';
import { expectErrorShape } from '../helpers/robustness';

let h: Harness;
let org: Awaited<ReturnType<typeof orgWithRoles>>;

let phoneRuns = 0;
/** `n` valid mobile numbers no other test uses (each call its own block). */
const freshPhones = (n: number) => {
  const run = String(phoneRuns++).padStart(3, '0');
  return Array.from({ length: n }, (_, i) => `+7916${run}${String(i).padStart(4, '0')}`);
};

const statuses = (replies: Reply[]) => replies.map((r) => r.status).sort((a, b) => a - b);
const countOf = async (table: SQLiteTable, where: SQL | undefined): Promise<number> =>
  (await h.db.select({ n: count() }).from(table).where(where))[0]!.n;

/**
 * The current token of an invitation, derived as the product derives it (the test knows the
 * secret).
 */
async function currentInviteToken(id: string): Promise<string> {
  const [row] = await h.db
    .select({ nonce: invitations.tokenNonce })
    .from(invitations)
    .where(eq(invitations.id, id));
  return h.services.tokens.derive('invitation', id, row!.nonce);
}

async function invite(body: Record<string, unknown>): Promise<{ id: string; url?: string }> {
  const res = await h.call('POST', `/api/orgs/${org.orgId}/invitations`, {
    token: org.owner.token,
    body: { role: 'member', ...body },
  });
  if (res.status !== 201) throw new Error(`${res.status} ${res.text}`);
  return { id: res.body.invitation.id, url: res.body.url };
}

/**
 * Each race runs twice: on a local file, and on a database whose every call starts 0–3 ms late (a
 * database across a network), where requests interleave between their queries as they do in
 * production.
 */
describe.each([
  ['on a local file', startHarness],
  ['on a database a few milliseconds away', startLatentHarness],
] as const)('%s', (_where, start) => {
  beforeAll(async () => {
    h = await start({ autoDeliver: false });
    org = await orgWithRoles(h);
  });
  afterAll(() => h.close());

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

  describe('two organizations importing the same people at once', () => {
    it('each organization ends with every one of them (an account made meanwhile by the other is used, not skipped)', async () => {
      const other = await orgWithRoles(h, `Importer${Math.floor(h.clock.now() % 1e6)}`);
      const tag = h.clock.now().toString(36);
      const csv = [
        'firstName,lastName,email',
        ...Array.from({ length: 20 }, (_, i) => `Shared,${i},shared-${tag}-${i}@example.com`),
      ].join('\n');
      const replies = await Promise.all(
        [org, other].map((o) =>
          h.call('POST', `/api/orgs/${o.orgId}/members/import`, {
            token: o.owner.token,
            raw: csv,
            headers: { 'content-type': 'text/csv' },
          }),
        ),
      );
      for (const r of replies)
        expect(r.body, r.text).toMatchObject({ created: 20, skipped: 0, errors: [] });
      for (const o of [org, other]) {
        const rows = await h.db
          .select({ email: users.email })
          .from(memberships)
          .innerJoin(users, eq(users.id, memberships.userId))
          .where(and(eq(memberships.orgId, o.orgId), like(users.email, `shared-${tag}-%`)));
        expect(rows).toHaveLength(20);
      }
      expect(await countOf(users, like(users.email, `shared-${tag}-%`))).toBe(20);
    });
  });

  describe('two departments moved under each other at once', () => {
    it('one move wins, the other gets 422, and the tree has no loop', async () => {
      for (let i = 0; i < 4; i++) {
        const tag = `${h.clock.now().toString(36)}-${i}`;
        const a = await createDepartment(h, org.orgId, org.owner.token, `Loop A ${tag}`);
        const b = await createDepartment(h, org.orgId, org.owner.token, `Loop B ${tag}`);
        const replies = await Promise.all([
          h.call('PATCH', `/api/orgs/${org.orgId}/departments/${a}`, {
            token: org.owner.token,
            body: { parentId: b },
          }),
          h.call('PATCH', `/api/orgs/${org.orgId}/departments/${b}`, {
            token: org.owner.token,
            body: { parentId: a },
          }),
        ]);
        expect(replies.map((r) => r.status).sort()).toEqual([200, 422]);
        expectErrorShape(replies.find((r) => r.status === 422)!);
        const rows = await h.db
          .select()
          .from(departments)
          .where(inArray(departments.id, [a, b]));
        expect(rows.filter((d) => d.parentId !== null)).toHaveLength(1);
      }
    });
  });

  describe('one person added twice at once', () => {
    it.each(['email', 'phone'] as const)(
      'by %s only: one member, the other request gets 409 already_member',
      async (by) => {
        for (let i = 0; i < 4; i++) {
          const contact =
            by === 'email'
              ? { email: `twice-${h.clock.now()}-${i}@example.com` }
              : { phone: `+7905${String(h.clock.now() % 1e6).padStart(6, '0')}${i}` };
          const replies = await Promise.all(
            [1, 2].map(() =>
              h.call('POST', `/api/orgs/${org.orgId}/members`, {
                token: org.owner.token,
                body: { firstName: 'Twice', lastName: 'Added', ...contact },
              }),
            ),
          );
          expect(
            replies.map((r) => r.status).sort(),
            replies.map((r) => r.text).join('\n'),
          ).toEqual([201, 409]);
          const loser = replies.find((r) => r.status === 409)!;
          expectErrorShape(loser);
          expect(loser.body.error.code).toBe('already_member');
          const address =
            'email' in contact ? eq(users.email, contact.email!) : eq(users.phone, contact.phone!);
          expect(await countOf(users, address)).toBe(1);
        }
      },
    );
  });

  describe('phone-only people (no e-mail) imported twice at once, or imported while added by hand', () => {
    const importCsv = (csv: string) =>
      h.call('POST', `/api/orgs/${org.orgId}/members/import`, {
        token: org.owner.token,
        raw: csv,
        headers: { 'content-type': 'text/csv' },
      });
    const csvOf = (phones: string[]) =>
      ['firstName,lastName,phone', ...phones.map((p, i) => `Phone,Only${i},${p}`)].join('\n');
    /**
     * The phones of the organization's members without an e-mail address, one entry per membership.
     */
    const memberPhones = async (phones: string[]) =>
      (
        await h.db
          .select({ phone: users.phone })
          .from(memberships)
          .innerJoin(users, eq(users.id, memberships.userId))
          .where(
            and(
              eq(memberships.orgId, org.orgId),
              isNull(users.email),
              inArray(users.phone, phones),
            ),
          )
      ).map((r) => r.phone);

    it('two imports of the same 50 people: one membership per phone, created and skipped add up, no 500', async () => {
      for (let round = 0; round < 3; round++) {
        const phones = freshPhones(50);
        const replies = await Promise.all([1, 2].map(() => importCsv(csvOf(phones))));
        for (const r of replies) {
          expect(r.status, r.text).toBe(200);
          expect(r.body.errors).toEqual([]);
          expect(r.body.created + r.body.skipped).toBe(50);
        }
        expect(
          replies.map((r) => r.body.created).reduce((a, b) => a + b),
          replies.map((r) => r.text).join('\n'),
        ).toBe(50);
        const found = await memberPhones(phones);
        expect(found.sort()).toEqual([...phones].sort());
      }
    });

    it('an import racing hand adds of some of its people: each phone once; the import skips exactly the adds that won', async () => {
      for (let round = 0; round < 3; round++) {
        const phones = freshPhones(50);
        const byHand = phones.slice(0, 10);
        const [imported, ...added] = await Promise.all([
          importCsv(csvOf(phones)),
          ...byHand.map((phone) =>
            h.call('POST', `/api/orgs/${org.orgId}/members`, {
              token: org.owner.token,
              body: { firstName: 'By', lastName: 'Hand', phone },
            }),
          ),
        ]);
        expect(imported!.status, imported!.text).toBe(200);
        expect(imported!.body).toMatchObject({ errors: [] });
        expect(imported!.body.created + imported!.body.skipped).toBe(50);
        for (const r of added.filter((x) => x.status !== 201)) {
          expect(r.status, r.text).toBe(409);
          expectErrorShape(r);
          expect(r.body.error.code).toBe('already_member');
        }
        expect(imported!.body.skipped, added.map((r) => r.status).join(' ')).toBe(
          added.filter((r) => r.status === 201).length,
        );
        const found = await memberPhones(phones);
        expect(found.sort()).toEqual([...phones].sort());
      }
    });
  });

  describe('two owners removing each other at once', () => {
    it.each(['delete', 'demote'] as const)(
      '%s: one wins, the other gets 409, and the organization keeps an owner',
      async (how) => {
        for (let i = 0; i < 4; i++) {
          const o = await orgWithRoles(h, `Owners${how}${i}`);
          const second = await createUser(h, `second-owner-${how}-${i}@example.com`);
          await addMember(h, o.orgId, second, 'owner');
          const remove = (token: string, target: string) =>
            how === 'delete'
              ? h.call('DELETE', `/api/orgs/${o.orgId}/members/${target}`, { token })
              : h.call('PATCH', `/api/orgs/${o.orgId}/members/${target}`, {
                  token,
                  body: { role: 'member' },
                });
          const replies = await Promise.all([
            remove(o.owner.token, second.id),
            remove(second.token, o.owner.id),
          ]);
          const owners = await h.db
            .select()
            .from(memberships)
            .where(
              and(
                eq(memberships.orgId, o.orgId),
                eq(memberships.role, 'owner'),
                eq(memberships.status, 'active'),
              ),
            );
          expect(owners, JSON.stringify(replies.map((r) => r.status))).toHaveLength(1);
          expect(replies.filter((r) => r.status < 300)).toHaveLength(1);
          for (const r of replies.filter((x) => x.status >= 300)) {
            expectErrorShape(r);
            // Refused because no owner would remain, or (deleted first) because the caller is gone.
            expect([403, 404, 409]).toContain(r.status);
          }
        }
      },
    );
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
