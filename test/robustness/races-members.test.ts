/**
 * Races over an organization's people, through the real app: two organizations importing the same
 * people at once, one person added twice at once, phone-only people imported twice or while added
 * by hand, two owners removing each other. After each race the database holds exactly what the
 * winners would have written — each person once, an owner left. Each race runs on both databases
 * of test/helpers/races.ts.
 */
import { and, eq, inArray, isNull, like } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { memberships, users } from '../../worker/src/db/schema';
import { addMember, createUser, orgWithRoles } from '../helpers/seed';
import { expectErrorShape } from '../helpers/robustness';
import { h, org, onBothDatabases, countOf } from '../helpers/races';

let phoneRuns = 0;
/** `n` valid mobile numbers no other test uses (each call its own block). */
const freshPhones = (n: number) => {
  const run = String(phoneRuns++).padStart(3, '0');
  return Array.from({ length: n }, (_, i) => `+7916${run}${String(i).padStart(4, '0')}`);
};

onBothDatabases(() => {
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
});
