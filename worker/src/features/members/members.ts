/**
 * The people of an organization (docs/DESIGN.md §1): what the use cases share — a
 * member as the organization knows them (`MemberRow`, `toMemberDto`, the name it knows them by),
 * finding one, a phone as given, and when the account's own phone may be written. The use cases:
 * list (list.ts), add (add-member.ts), edit (edit-member.ts), remove (remove-member.ts), bulk
 * invitations (bulk-invite.ts), CSV import (import.ts) and export (export.ts); the last owner stays
 * (owners.ts).
 *
 * What an organization knows of a person is its own (docs/SECURITY.md): the profile, the phone,
 * when they joined it and when they last used it live on the membership. The account's own phone
 * (`users.phone`) is written only while the account has never been signed in to and belongs to no
 * other organization (`identityEditable`).
 */
import { and, eq, sql } from 'drizzle-orm';
import type { MemberDto } from '../../../../shared/api/members';
import type { Db } from '../../db/client';
import { iso, isoOrNull } from '../../db/pagination';
import { memberName } from '../../db/member-names';
import { memberships, users } from '../../db/schema';
import { AppError, notFound } from '../../errors';
import { checkPhone } from '../../lib/phone';

export type MembershipRow = typeof memberships.$inferSelect;
export type UserRow = typeof users.$inferSelect;
export type MemberRow = { m: MembershipRow; u: UserRow };

export function toMemberDto({ m, u }: MemberRow): MemberDto {
  return {
    userId: u.id,
    email: u.email,
    phone: m.phone,
    name: memberName(m, u),
    firstName: m.firstName,
    lastName: m.lastName,
    gender: m.gender,
    birthday: m.birthday,
    position: m.position,
    departmentId: m.departmentId,
    role: m.role,
    status: m.status,
    invitationState: m.invitationState,
    invitationError: m.invitationError,
    delivery:
      m.deliveryStatus && m.deliveryAt !== null
        ? { status: m.deliveryStatus, at: iso(m.deliveryAt), reason: m.deliveryReason }
        : null,
    registeredAt: isoOrNull(m.activatedAt),
    lastActiveAt: isoOrNull(m.lastActiveAt),
    createdAt: iso(m.createdAt),
  };
}

export async function findMember(
  db: Db,
  orgId: string,
  userId: string,
  found?: MemberRow[],
): Promise<MemberRow> {
  const [row] = found ?? (await memberStatement(db, orgId, userId));
  if (!row) throw notFound('Member');
  return row;
}

/**
 * One person of the organization with their account, in one statement (it travels with the
 * caller's lookup: http/read-as-member.ts); `findMember` answers 404 when there is none.
 */
export const memberStatement = (db: Db, orgId: string, userId: string) =>
  db
    .select({ m: memberships, u: users })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)))
    .limit(1);

/** A phone as given, in E.164, or 422 naming the field. */
export function phoneField(phone: string, field = 'phone'): string {
  const checked = checkPhone(phone);
  if (!checked.ok)
    throw new AppError('invalid_input', checked.message, { [field]: checked.message });
  return checked.e164;
}

/**
 * SQL over `users`: an organization may write this account's own e-mail or phone — the account has
 * never had a password (so nobody has signed in to it) and belongs to no other organization.
 */
export const identityEditable = (userId: string, orgId: string) =>
  sql`${users.passwordHash} IS NULL AND ${users.registeredAt} IS NULL AND NOT EXISTS (SELECT 1 FROM ${memberships} WHERE ${memberships.userId} = ${userId} AND ${memberships.orgId} <> ${orgId})`;
