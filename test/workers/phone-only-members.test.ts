/**
 * One member per phone among the people of an organization without an e-mail address (migration
 * 0003_phone_only_member_unique), through the Worker on the database over Hrana: the database's
 * refusal reaches the app as a unique violation there too, so it answers 409 or skips the person,
 * never 500.
 */
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { isUniqueViolation } from '../../worker/src/db/client';
import { memberships, users } from '../../worker/src/db/schema';
import { call, createAccount, db, login } from './helpers';

let accounts = 0;
/**
 * An organization of its own, made by an account of its own (the first owner's memberships stay as
 * other files expect).
 */
async function newOrg(name: string): Promise<{ token: string; orgId: string }> {
  const email = `phone-only-${++accounts}@workers.test`;
  await createAccount(email, 'a long enough password');
  const token = await login(email, 'a long enough password');
  const org = await call('POST', '/api/orgs', { token, body: { name } });
  if (org.status !== 201) throw new Error(`create org: ${org.status} ${org.text}`);
  return { token, orgId: org.body.id as string };
}

const addByPhone = (orgId: string, token: string, phone: string) =>
  call('POST', `/api/orgs/${orgId}/members`, {
    token,
    body: { firstName: 'Phone', lastName: 'Only', phone },
  });

describe('phone-only members over Hrana', () => {
  it('a direct duplicate write fails with an error isUniqueViolation recognises', async () => {
    const { token, orgId } = await newOrg('Phone direct');
    const added = await addByPhone(orgId, token, '+79170000001');
    expect(added.status).toBe(201);
    const t = Date.now();
    let failure: unknown = null;
    try {
      await db.batch([
        db.run(
          sql`INSERT INTO users (id, email, phone, name, created_at) VALUES ('hrana-dup', NULL, '+79170000001', 'Dup', ${t})`,
        ),
        db.run(
          sql`INSERT INTO memberships (org_id, user_id, role, status, source, created_at, updated_at) VALUES (${orgId}, 'hrana-dup', 'member', 'pending', 'added', ${t}, ${t})`,
        ),
      ]);
    } catch (err) {
      failure = err;
    }
    expect(failure, 'the duplicate was written').not.toBeNull();
    expect(isUniqueViolation(failure), String(failure)).toBe(true);
    expect(await db.select({ id: users.id }).from(users).where(eq(users.id, 'hrana-dup'))).toEqual(
      [],
    );
  });

  it('editing a phone-only member’s phone to another one’s answers 409 already_member and changes nothing', async () => {
    const { token, orgId } = await newOrg('Phone patch');
    expect((await addByPhone(orgId, token, '+79170000002')).status).toBe(201);
    const other = await addByPhone(orgId, token, '+79170000003');
    const res = await call('PATCH', `/api/orgs/${orgId}/members/${other.body.userId}`, {
      token,
      body: { phone: '+79170000002' },
    });
    expect([res.status, res.body.error?.code], res.text).toEqual([409, 'already_member']);
    expect(
      await db.select({ phone: users.phone }).from(users).where(eq(users.id, other.body.userId)),
    ).toEqual([{ phone: '+79170000003' }]);
  });

  it('two imports of the same 30 people at once: one membership per phone, created and skipped add up', async () => {
    const { token, orgId } = await newOrg('Phone imports');
    const phones = Array.from({ length: 30 }, (_, i) => `+791710000${String(i).padStart(2, '0')}`);
    const csv = ['firstName,lastName,phone', ...phones.map((p, i) => `Imported,${i},${p}`)].join(
      '\n',
    );
    const replies = await Promise.all(
      [1, 2].map(() =>
        call('POST', `/api/orgs/${orgId}/members/import`, {
          token,
          raw: csv,
          headers: { 'content-type': 'text/csv' },
        }),
      ),
    );
    for (const r of replies) {
      expect(r.status, r.text).toBe(200);
      expect(r.body.created + r.body.skipped).toBe(30);
    }
    expect(replies[0]!.body.created + replies[1]!.body.created).toBe(30);
    const rows = await db
      .select({ phone: users.phone })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.orgId, orgId), isNull(users.email), inArray(users.phone, phones)));
    expect(rows.map((r) => r.phone).sort()).toEqual(phones);
  });
});
