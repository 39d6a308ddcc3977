/**
 * Adding a person with a profile as a pending member (not yet invited). Admins add anyone but
 * owners; only an owner adds an owner. Adding someone who has an account elsewhere answers exactly
 * as adding a newcomer does, and writes the account's own phone only under `identityEditable`
 * (members.ts).
 */
import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { BatchResponse } from 'drizzle-orm/batch';
import type * as z from 'zod/mini';
import type { addMemberRequestSchema } from '../../../../shared/api/members';
import { isUniqueViolation, type Db } from '../../db/client';
import { checkPhone } from '../../lib/phone';
import { memberships, users } from '../../db/schema';
import type { OrgState, Services } from '../../env';
import { AppError } from '../../errors';
import { newId } from '../../lib/ids';
import { auditActor, auditEvent } from '../organizations/audit';
import {
  departmentExistsSql,
  refuseOutsideDomains,
  refuseUnknownDepartment,
} from '../organizations/reference-checks';
import { can, ensure, type Actor } from '../organizations/permissions';
import { searchTextOf } from '../../db/search-index';
import {
  identityEditable,
  phoneField,
  type MemberRow,
  type MembershipRow,
  type UserRow,
} from './members';

export type AddMemberInput = z.output<typeof addMemberRequestSchema>;

/**
 * What adding a person reads, in two statements built from the request alone, so that they travel
 * with the caller's lookup (http/read-as-member.ts `readAllAsMember`): the account with the
 * address, and whether the address is already in the organization and the department is its own.
 */
export function additionChecks(db: Db, orgId: string, body: AddMemberInput) {
  const email = body.email ?? null;
  const checked = body.phone === undefined ? null : checkPhone(body.phone);
  const phone = checked?.ok ? checked.e164 : null;
  const address = email
    ? eq(users.email, email)
    : phone
      ? and(isNull(users.email), eq(memberships.phone, phone))
      : undefined;
  const statements: [ReturnType<typeof accountStatement>, ReturnType<typeof presence>] = [
    accountStatement(db, email),
    presence(db, orgId, address, body.departmentId),
  ];
  return statements;
}

const accountStatement = (db: Db, email: string | null) =>
  db
    .select()
    .from(users)
    .where(email ? eq(users.email, email) : sql`0`)
    .limit(1);

const presence = (db: Db, orgId: string, address: SQL | undefined, departmentId?: string | null) =>
  db.all<{ member: number; department: number }>(
    sql`SELECT ${
      address
        ? sql`EXISTS (SELECT 1 FROM ${memberships} INNER JOIN ${users} ON ${users.id} = ${memberships.userId}
            WHERE ${and(eq(memberships.orgId, orgId), address)})`
        : sql`0`
    } AS member, ${departmentId ? departmentExistsSql(orgId, departmentId) : sql`0`} AS department`,
  );

export type AdditionChecks = BatchResponse<ReturnType<typeof additionChecks>>;

export async function addMember(
  s: Services,
  input: { org: OrgState; actor: Actor; member: AddMemberInput },
  read?: AdditionChecks,
): Promise<MemberRow> {
  const { org, actor, member: body } = input;
  ensure(can.manageMember(actor, { role: body.role }), 'Only an owner can add an owner');
  const { db } = s;
  const phone = body.phone === undefined ? null : phoneField(body.phone);
  const email = body.email ?? null;
  refuseOutsideDomains(email, org.settings.allowedEmailDomains);
  const [accounts, [found]] = read ?? (await db.batch(additionChecks(db, org.id, body)));
  refuseUnknownDepartment(body.departmentId, found?.department === 1);
  const [existing] = accounts;
  const alreadyMember = () =>
    new AppError('already_member', `${email ?? phone} is already in this organization`, {
      [email ? 'email' : 'phone']: 'is already in this organization',
    });
  if (found?.member === 1) throw alreadyMember();

  const t = s.now();
  const name = `${body.firstName} ${body.lastName}`;
  const u: UserRow = existing ?? {
    id: newId(),
    email,
    phone,
    name,
    passwordHash: null,
    mustChangePassword: false,
    passwordExpiresAt: null,
    createdAt: t,
    registeredAt: null,
    lastActiveAt: null,
    emailVerifiedAt: null,
    phoneVerifiedAt: null,
  };
  const m: MembershipRow = {
    orgId: org.id,
    userId: u.id,
    role: body.role,
    status: 'pending',
    firstName: body.firstName,
    lastName: body.lastName,
    gender: body.gender ?? null,
    birthday: body.birthday ?? null,
    phone,
    position: body.position || null,
    departmentId: body.departmentId ?? null,
    invitationState: 'not_invited',
    invitationError: null,
    deliveryStatus: null,
    deliveryAt: null,
    deliveryReason: null,
    locale: null,
    source: 'added',
    linkId: null,
    searchText: searchTextOf({ names: [body.firstName, body.lastName], email: u.email, phone }),
    createdAt: t,
    activatedAt: null,
    lastActiveAt: null,
    updatedAt: t,
  };
  try {
    await db.batch([
      existing ? db.insert(memberships).values(m) : db.insert(users).values(u),
      // Two adds of one person at once both pass the check above; the database refuses the second
      // membership (users_email_unique, or for a phone-only person the triggers of migration
      // 0003_phone_only_member_unique).
      ...(existing ? [] : [db.insert(memberships).values(m)]),
      ...(existing && phone
        ? [
            db
              .update(users)
              .set({ phone })
              .where(and(eq(users.id, u.id), identityEditable(u.id, org.id))),
          ]
        : []),
      auditEvent(
        db,
        {
          orgId: org.id,
          actorId: auditActor(actor),
          action: 'member.add',
          targetType: 'user',
          targetId: u.id,
          detail: { email, phone, role: m.role },
        },
        t,
      ),
    ]);
  } catch (err) {
    if (isUniqueViolation(err)) throw alreadyMember();
    throw err;
  }
  return { m, u };
}
