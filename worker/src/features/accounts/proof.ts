/**
 * Who owns an address, and what proves it (docs/SECURITY.md, "Accounts are global; an address becomes an account's only on proof").
 *
 * Accounts are global and one e-mail address names one account, so an address is bound to an
 * account only by proof: a link or a code that went to that address and came back. A single-use
 * link in a message records where it went (`action_tokens.sent_to`), a personal invitation sent by
 * e-mail (or by SMS to someone known only by phone) went to its address, a verification code
 * records where it went; a copied invitation link (`channel: "link"`), an application through a
 * general link and an admin's "add user" prove nothing. Using a proof marks the address verified
 * (`users.email_verified_at` / `phone_verified_at`).
 *
 * A proof makes its holder the account's owner only when it proves the address the account signs in
 * with: its e-mail address, or the phone of an account without one. A phone an organization typed
 * in beside an e-mail address proves that phone, and nothing about the account: it never sets the
 * password, never makes the account join anything.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { users } from '../../db/schema';

export type AccountFacts = Pick<
  typeof users.$inferSelect,
  'id' | 'email' | 'phone' | 'passwordHash' | 'emailVerifiedAt' | 'phoneVerifiedAt'
>;

/** Which of the account's addresses `address` is. */
export function addressKind(
  account: Pick<AccountFacts, 'email' | 'phone'>,
  address: string | null | undefined,
): 'email' | 'phone' | null {
  if (!address) return null;
  if (account.email !== null && account.email === address) return 'email';
  if (account.phone !== null && account.phone === address) return 'phone';
  return null;
}

/** Whether the account's `kind` of address has been proven. */
export const isVerified = (account: AccountFacts, kind: 'email' | 'phone') =>
  (kind === 'email' ? account.emailVerifiedAt : account.phoneVerifiedAt) !== null;

/** The address the account signs in with: its e-mail, else its phone. */
export const signInKind = (account: Pick<AccountFacts, 'email'>): 'email' | 'phone' =>
  account.email !== null ? 'email' : 'phone';

/** The address an account with these addresses would sign in with. */
export const signInAddress = (account: Pick<AccountFacts, 'email' | 'phone'>): string =>
  account.email ?? account.phone ?? '';

/**
 * Whether proving control of `address` makes its holder the account's owner: it is the account's
 * sign-in address.
 */
export const proves = (
  account: Pick<AccountFacts, 'email' | 'phone'>,
  address: string | null | undefined,
): boolean => !!address && address === signInAddress(account);

/**
 * SQL over `users`: the account still signs in with `address` — put beside every password written
 * on the strength of a proof, so an address changed while the proof was in use (an organization
 * editing an unused account's phone) leaves the password unwritten.
 */
export const stillSignsInWith = (address: string) =>
  sql`coalesce(${users.email}, ${users.phone}) = ${address}`;

/**
 * The statement that records the proof: the address is verified from now, as long as it is still
 * the account's (an address changed meanwhile stays as it was). Put it in the batch that uses the
 * proof. Proving the e-mail address also drops a phone nobody proved: only an organization could
 * have put it there (while the account was theirs alone and unused), and the account's owner, who
 * now holds it, did not choose it.
 */
export function markVerified(db: Db, userId: string, address: string, now: number) {
  return db
    .update(users)
    .set({
      emailVerifiedAt: sql`CASE WHEN ${users.email} = ${address} THEN coalesce(${users.emailVerifiedAt}, ${now}) ELSE ${users.emailVerifiedAt} END`,
      phoneVerifiedAt: sql`CASE WHEN ${users.phone} = ${address} THEN coalesce(${users.phoneVerifiedAt}, ${now}) ELSE ${users.phoneVerifiedAt} END`,
      phone: sql`CASE WHEN ${users.email} = ${address} AND ${users.phoneVerifiedAt} IS NULL THEN NULL ELSE ${users.phone} END`,
    })
    .where(
      and(eq(users.id, userId), sql`(${users.email} = ${address} OR ${users.phone} = ${address})`),
    );
}

/** A's facts once `address` is proven (for answers computed before the batch commits). */
export function withProof<T extends AccountFacts>(account: T, address: string, now: number): T {
  const kind = addressKind(account, address);
  if (kind === 'email') return { ...account, emailVerifiedAt: account.emailVerifiedAt ?? now };
  if (kind === 'phone') return { ...account, phoneVerifiedAt: account.phoneVerifiedAt ?? now };
  return account;
}
