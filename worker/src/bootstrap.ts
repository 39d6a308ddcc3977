/**
 * Organizations the server's operator creates: the first one on an empty database (local mode's
 * first start, scripts/create-owner.ts), and any other with `npm run org:create` (scripts/org.ts),
 * which is how organizations come to be when `ORG_CREATION=nobody`. The operator vouches for the
 * owner's address, so a new owner account starts out proven (docs/SECURITY.md).
 */
import { count, eq } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from './db/client';
import { organizations, users } from './db/schema';
import { auditEvent } from './features/organizations/audit';
import { createOrganization } from './features/organizations/orgs';
import { randomBytes, toBase64Url } from './lib/encoding';
import { newId } from './lib/ids';
import type { PasswordHasher } from './lib/password';

export interface FirstOwner {
  orgName: string;
  email: string;
  /** When absent, a random one is made and returned so the entry can print it once. */
  password?: string;
  /** The owner's display name (mails say "<name> invited you"); 'Owner' when absent. */
  ownerName?: string;
}

/**
 * Creates the organization with `owner.email` as its owner. A new account gets the given or a
 * random password (returned, to print once); an existing one becomes the owner as it is, unless
 * `resetPassword` (the first start).
 */
export async function createOrganizationWithOwner(
  db: Db,
  passwords: PasswordHasher,
  owner: FirstOwner,
  now: number,
  opts: { resetPassword?: boolean; firstStart?: boolean } = {},
) {
  const [existing] = await db.select().from(users).where(eq(users.email, owner.email)).limit(1);
  if (existing && existing.emailVerifiedAt === null && opts.resetPassword !== true) {
    // Whoever set its password may not own the address: it has to be proven before the account owns
    // anything.
    throw new Error(
      `${owner.email} has an account whose address was never proven; its owner chooses a new password at /reset-password first, then run this again`,
    );
  }
  const setPassword = !existing || opts.resetPassword === true;
  const password = setPassword ? (owner.password ?? toBase64Url(randomBytes(12))) : null;
  const userId = existing?.id ?? newId();
  const name = existing?.name ?? owner.ownerName ?? 'Owner';
  const org = createOrganization(
    db,
    { name: owner.orgName, ownerId: userId, ownerName: name, ownerEmail: owner.email },
    now,
  );
  const hash = password === null ? null : await passwords.hash(password);
  const account: BatchItem<'sqlite'>[] = existing
    ? hash
      ? [
          db
            .update(users)
            .set({ passwordHash: hash, emailVerifiedAt: now })
            .where(eq(users.id, userId)),
        ]
      : []
    : [
        db.insert(users).values({
          id: userId,
          email: owner.email,
          name,
          passwordHash: hash,
          createdAt: now,
          registeredAt: now,
          emailVerifiedAt: now,
        }),
      ];
  const statements = [
    ...account,
    ...org.statements,
    auditEvent(
      db,
      {
        orgId: org.id,
        actorId: userId,
        action: 'org.create',
        targetType: 'org',
        targetId: org.id,
        detail: { name: owner.orgName, by: opts.firstStart ? 'first start' : 'operator' },
      },
      now,
    ),
  ];
  await db.batch(statements as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]);
  return {
    orgId: org.id,
    email: owner.email,
    password,
    generated: password !== null && owner.password === undefined,
    newAccount: !existing,
  };
}

export async function ensureFirstOrganization(
  db: Db,
  passwords: PasswordHasher,
  owner: FirstOwner,
  now: number,
) {
  const [{ n } = { n: 0 }] = await db.select({ n: count() }).from(organizations);
  if (n > 0) return null;
  const made = await createOrganizationWithOwner(db, passwords, owner, now, {
    resetPassword: true,
    firstStart: true,
  });
  return {
    orgId: made.orgId,
    email: made.email,
    password: made.password!,
    generated: made.generated,
  };
}
