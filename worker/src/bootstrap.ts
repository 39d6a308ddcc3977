/** First start on an empty database: create the first organization and its owner (the operator vouches for its address). */
import { count, eq } from 'drizzle-orm';
import type { Db } from './db/client';
import { organizations, users } from './db/schema';
import { auditEvent } from './domain/audit';
import { createOrganization } from './domain/orgs';
import { randomBytes, toBase64Url } from './lib/encoding';
import { newId } from './lib/ids';
import type { PasswordHasher } from './lib/password';

export interface FirstOwner {
  orgName: string;
  email: string;
  /** When absent, a random one is made and returned so the entry can print it once. */
  password?: string;
}

export async function ensureFirstOrganization(db: Db, passwords: PasswordHasher, owner: FirstOwner, now: number) {
  const [{ n } = { n: 0 }] = await db.select({ n: count() }).from(organizations);
  if (n > 0) return null;
  const password = owner.password ?? toBase64Url(randomBytes(12));
  const [existing] = await db.select().from(users).where(eq(users.email, owner.email)).limit(1);
  const userId = existing?.id ?? newId();
  const name = existing?.name ?? 'Owner';
  const org = createOrganization(db, { name: owner.orgName, ownerId: userId, ownerName: name, ownerEmail: owner.email }, now);
  await db.batch([
    existing
      ? db.update(users).set({ passwordHash: await passwords.hash(password), emailVerifiedAt: now }).where(eq(users.id, userId))
      : db.insert(users).values({ id: userId, email: owner.email, name, passwordHash: await passwords.hash(password), createdAt: now, registeredAt: now, emailVerifiedAt: now }),
    ...org.statements,
    auditEvent(db, { orgId: org.id, actorId: userId, action: 'org.create', targetType: 'org', targetId: org.id, detail: { name: owner.orgName, firstStart: true } }, now),
  ]);
  return { orgId: org.id, email: owner.email, password, generated: owner.password === undefined };
}
