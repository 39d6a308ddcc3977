/**
 * Migration 0003_phone_only_member_unique: the database itself keeps one member per phone among the
 * people of an organization without an e-mail address, whoever writes, and its refusal is a unique
 * violation to the app.
 */
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isUniqueViolation } from '../../worker/src/db/client';
import { startHarness, type Harness } from '../helpers/harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
  await h.db.run(
    sql`INSERT INTO organizations (id, slug, name, settings, created_at) VALUES ('o1', 'o1', 'One', '{}', 1), ('o2', 'o2', 'Two', '{}', 1)`,
  );
  await h.db.run(sql`INSERT INTO users (id, email, phone, name, created_at) VALUES
    ('a', NULL, '+79051111111', 'A', 1), ('b', NULL, '+79051111111', 'B', 1), ('c', 'c@example.com', '+79051111111', 'C', 1), ('d', NULL, '+79052222222', 'D', 1)`);
  for (const [orgId, userId] of [
    ['o1', 'a'],
    ['o2', 'b'],
    ['o1', 'c'],
    ['o1', 'd'],
  ])
    await join(orgId!, userId!);
});
afterEach(() => h.close());

const join = (orgId: string, userId: string) =>
  h.db.run(
    sql`INSERT INTO memberships (org_id, user_id, role, status, source, created_at, updated_at) VALUES (${orgId}, ${userId}, 'member', 'pending', 'added', 1, 1)`,
  );

/** The error a write fails with (the test fails if it succeeds). */
async function refusal(write: () => Promise<unknown>): Promise<unknown> {
  try {
    await write();
  } catch (err) {
    return err;
  }
  throw new Error('the write was not refused');
}

const phoneOnlyMembers = async (orgId: string, phone: string) =>
  (
    await h.db.all<{ n: number }>(
      sql`SELECT count(*) AS n FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.org_id = ${orgId} AND u.email IS NULL AND u.phone = ${phone}`,
    )
  )[0]!.n;

describe('one member per phone among people without an e-mail address', () => {
  it('refuses a second membership with a unique violation that names the constraint', async () => {
    const err = await refusal(() => join('o1', 'b'));
    expect(isUniqueViolation(err)).toBe(true);
    const messages: string[] = [];
    for (let e: unknown = err; e instanceof Error; e = e.cause) messages.push(e.message);
    expect(messages.join('\n')).toContain('UNIQUE constraint failed: phone_only_member');
    expect(await phoneOnlyMembers('o1', '+79051111111')).toBe(1);
  });

  it('refuses it inside a batch too, and the whole batch rolls back', async () => {
    const err = await refusal(() =>
      h.db.batch([
        h.db.run(
          sql`INSERT INTO users (id, email, phone, name, created_at) VALUES ('e', NULL, '+79051111111', 'E', 1)`,
        ),
        join('o1', 'e'),
      ]),
    );
    expect(isUniqueViolation(err)).toBe(true);
    expect(await h.db.all(sql`SELECT id FROM users WHERE id = 'e'`)).toEqual([]);
  });

  it('refuses a phone-only user’s new phone, a removed address and a moved membership that would make a second one', async () => {
    expect(
      isUniqueViolation(
        await refusal(() => h.db.run(sql`UPDATE users SET phone = '+79051111111' WHERE id = 'd'`)),
      ),
    ).toBe(true);
    expect(
      isUniqueViolation(
        await refusal(() => h.db.run(sql`UPDATE users SET email = NULL WHERE id = 'c'`)),
      ),
    ).toBe(true);
    expect(
      isUniqueViolation(
        await refusal(() =>
          h.db.run(sql`UPDATE memberships SET org_id = 'o1' WHERE org_id = 'o2' AND user_id = 'b'`),
        ),
      ),
    ).toBe(true);
    expect(await phoneOnlyMembers('o1', '+79051111111')).toBe(1);
    expect(await h.db.all(sql`SELECT phone FROM users WHERE id = 'd'`)).toEqual([
      { phone: '+79052222222' },
    ]);
  });

  it('lets through what is no second one: another organization, a user with an address, the same user, another phone', async () => {
    await join('o2', 'd');
    await h.db.run(
      sql`INSERT INTO users (id, email, phone, name, created_at) VALUES ('f', 'f@example.com', '+79051111111', 'F', 1)`,
    );
    await join('o1', 'f');
    await h.db.run(sql`INSERT INTO memberships (org_id, user_id, role, status, source, created_at, updated_at) VALUES ('o1', 'a', 'member', 'active', 'invitation', 2, 2)
      ON CONFLICT (org_id, user_id) DO UPDATE SET status = 'active'`);
    await h.db.run(sql`UPDATE users SET phone = '+79053333333' WHERE id = 'd'`);
    await h.db.run(sql`UPDATE users SET phone = '+79051111111' WHERE id = 'c'`);
    await h.db.run(sql`UPDATE users SET name = 'Renamed', phone = phone WHERE id = 'a'`);
    expect(await phoneOnlyMembers('o1', '+79051111111')).toBe(1);
  });
});
