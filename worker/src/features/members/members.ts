/**
 * The people of an organization (seed: invite and manage users): add one with a profile as a
 * pending member (not yet invited), edit, delete. Admins manage everyone but owners; only an owner
 * adds, promotes or removes an owner, and the last owner stays. Deleting ends the person's access
 * at once (requireOrg finds no membership on their next request) and revokes what they left open:
 * their links, the invitations they sent or that were sent to them, and the set-password / confirm
 * links the organization sent them.
 *
 * What an organization knows of a person is its own (docs/SECURITY.md): the profile, the phone,
 * when they joined it and when they last used it live on the membership. The account's own phone
 * (`users.phone`) is written here only while the account has never been signed in to and belongs to
 * no other organization (`identityEditable`); adding someone who has an account elsewhere answers
 * exactly as adding a newcomer does.
 */
import { and, count, eq, isNull, or, sql, type SQLWrapper } from 'drizzle-orm';
import type * as z from 'zod/mini';
import type {
  addMemberRequestSchema,
  MemberDto,
  patchMemberRequestSchema,
} from '../../../../shared/api/members';
import { isUniqueViolation, type Db } from '../../db/client';
import { iso, isoOrNull } from '../../db/pagination';
import {
  actionTokens,
  invitations,
  inviteLinks,
  memberships,
  users,
  workspaceMembers,
} from '../../db/schema';
import type { OrgState, Services } from '../../env';
import { AppError, notFound } from '../../errors';
import { newId } from '../../lib/ids';
import { auditEvent } from '../organizations/audit';
import { checkDepartment } from '../organizations/org-refs';
import { can, ensure, type Actor } from '../organizations/permissions';
import { checkPhone, domainAllowed } from '../../lib/phone';
import { searchTextOf } from '../search/search';

type MembershipRow = typeof memberships.$inferSelect;
type UserRow = typeof users.$inferSelect;
export type MemberRow = { m: MembershipRow; u: UserRow };

export const memberName = (
  m: Pick<MembershipRow, 'firstName' | 'lastName'>,
  u: Pick<UserRow, 'name'>,
) => [m.firstName, m.lastName].filter(Boolean).join(' ') || u.name;

/**
 * SQL: the name the organization `orgId` knows the person `userId` by (`memberName`) — what its
 * messages and pages show, never the account's name another organization may have set.
 */
export const memberNameSql = (orgId: SQLWrapper, userId: SQLWrapper) =>
  sql<string>`(SELECT coalesce(nullif(trim(coalesce(m.first_name, '') || ' ' || coalesce(m.last_name, '')), ''), u.name)
    FROM ${users} u LEFT JOIN ${memberships} m ON m.user_id = u.id AND m.org_id = ${orgId} WHERE u.id = ${userId})`;

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
    registeredAt: isoOrNull(m.activatedAt),
    lastActiveAt: isoOrNull(m.lastActiveAt),
    createdAt: iso(m.createdAt),
  };
}

export async function findMember(db: Db, orgId: string, userId: string): Promise<MemberRow> {
  const [row] = await db
    .select({ m: memberships, u: users })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)))
    .limit(1);
  if (!row) throw notFound('Member');
  return row;
}

/** A phone as given, in E.164, or 422 naming the field. */
export function phoneField(phone: string, field = 'phone'): string {
  const checked = checkPhone(phone);
  if (!checked.ok)
    throw new AppError('invalid_input', checked.message, { [field]: checked.message });
  return checked.e164;
}

export type AddMemberInput = z.output<typeof addMemberRequestSchema>;

export async function addMember(
  s: Services,
  org: OrgState,
  actor: Actor,
  body: AddMemberInput,
): Promise<MemberRow> {
  ensure(can.manageMember(actor, { role: body.role }), 'Only an owner can add an owner');
  const { db } = s;
  const phone = body.phone === undefined ? null : phoneField(body.phone);
  const email = body.email ?? null;
  if (email && !domainAllowed(email, org.settings.allowedEmailDomains)) {
    throw new AppError('invalid_input', `${email} is not at a domain this organization accepts`, {
      email: 'is not at a domain this organization accepts',
    });
  }
  await checkDepartment(db, org.id, body.departmentId);
  const [existing] = email
    ? await db.select().from(users).where(eq(users.email, email)).limit(1)
    : [];
  const sameAddress = and(
    eq(memberships.orgId, org.id),
    email ? eq(users.email, email) : and(isNull(users.email), eq(memberships.phone, phone!)),
  );
  const [member] = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(sameAddress)
    .limit(1);
  const alreadyMember = () =>
    new AppError('already_member', `${email ?? phone} is already in this organization`, {
      [email ? 'email' : 'phone']: 'is already in this organization',
    });
  if (member) throw alreadyMember();

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
          actorId: actor.userId,
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

/** 409 when this change would leave the organization without an active owner. */
async function keepAnOwner(
  db: Db,
  orgId: string,
  target: MembershipRow,
  losing: boolean,
): Promise<void> {
  if (!losesOwner(target, losing)) return;
  const [row] = await db
    .select({ n: count() })
    .from(memberships)
    .where(
      and(
        eq(memberships.orgId, orgId),
        eq(memberships.role, 'owner'),
        eq(memberships.status, 'active'),
      ),
    );
  if ((row?.n ?? 0) <= 1)
    throw new AppError(
      'conflict',
      'The organization needs at least one owner; make someone else an owner first',
    );
}

const losesOwner = (target: MembershipRow, losing: boolean) =>
  losing && target.role === 'owner' && target.status === 'active';

/**
 * The check above decides alone only when nobody else is changing owners: two owners removing each
 * other at once both pass it. After the write in the batch, this fails the batch (as unlessChanged
 * does) unless an owner remains.
 */
const ownerRemains = (db: Db, orgId: string) =>
  db.run(
    sql`SELECT json(CASE WHEN EXISTS (SELECT 1 FROM memberships WHERE org_id = ${orgId} AND role = 'owner' AND status = 'active') THEN '1' ELSE 'no owner would remain' END)`,
  );

/**
 * Runs a batch that may remove an owner; a batch that failed because none would remain answers 409.
 */
async function keepingAnOwner(
  db: Db,
  orgId: string,
  target: MembershipRow,
  losing: boolean,
  batch: () => Promise<unknown>,
): Promise<void> {
  try {
    await batch();
  } catch (err) {
    await keepAnOwner(db, orgId, target, losing);
    throw err;
  }
}

export type PatchMemberInput = z.output<typeof patchMemberRequestSchema>;

/**
 * SQL over `users`: an organization may write this account's own e-mail or phone — the account has
 * never had a password (so nobody has signed in to it) and belongs to no other organization.
 */
export const identityEditable = (userId: string, orgId: string) =>
  sql`${users.passwordHash} IS NULL AND ${users.registeredAt} IS NULL AND NOT EXISTS (SELECT 1 FROM ${memberships} WHERE ${memberships.userId} = ${userId} AND ${memberships.orgId} <> ${orgId})`;

export async function updateMember(
  s: Services,
  org: OrgState,
  actor: Actor,
  userId: string,
  patch: PatchMemberInput,
): Promise<MemberRow> {
  const { db } = s;
  const current = await findMember(db, org.id, userId);
  ensure(can.manageMember(actor, current.m), 'Only an owner can change an owner');
  if (patch.role)
    ensure(
      can.manageMember(actor, { role: patch.role }),
      'Only an owner can make someone an owner',
    );
  await keepAnOwner(db, org.id, current.m, patch.role !== undefined && patch.role !== 'owner');
  await checkDepartment(db, org.id, patch.departmentId);
  let phone = current.m.phone;
  if (patch.phone !== undefined) phone = patch.phone === null ? null : phoneField(patch.phone);
  if (phone === null && current.u.email === null)
    throw new AppError('invalid_input', 'Keep an e-mail address or a phone number', {
      phone: 'is the only contact',
    });
  const t = s.now();
  const m: MembershipRow = { ...current.m, ...definedOnly(patch), phone, updatedAt: t };
  m.searchText = searchTextOf({ names: [m.firstName, m.lastName], email: current.u.email, phone });
  const u: UserRow = current.u;
  const { orgId: _o, userId: _u, createdAt: _c, ...changes } = m;
  const demoting = patch.role !== undefined && patch.role !== 'owner';
  try {
    await keepingAnOwner(db, org.id, current.m, demoting, () =>
      db.batch([
        db
          .update(memberships)
          .set(changes)
          .where(and(eq(memberships.orgId, org.id), eq(memberships.userId, userId))),
        ...(losesOwner(current.m, demoting) ? [ownerRemains(db, org.id)] : []),
        // The account's own phone follows only while the account is this organization's alone and
        // unused. For a person without an e-mail address the phone says who they are: the database
        // refuses one that another such member here has (migration 0003_phone_only_member_unique).
        ...(phone !== current.m.phone
          ? [
              db
                .update(users)
                .set({ phone })
                .where(and(eq(users.id, userId), identityEditable(userId, org.id))),
            ]
          : []),
        auditEvent(
          db,
          {
            orgId: org.id,
            actorId: actor.userId,
            action: 'member.update',
            targetType: 'user',
            targetId: userId,
            detail: patch,
          },
          t,
        ),
      ]),
    );
  } catch (err) {
    if (phone !== current.m.phone && isUniqueViolation(err)) {
      throw new AppError(
        'already_member',
        `${phone} belongs to another member of this organization`,
        { phone: 'belongs to another member of this organization' },
      );
    }
    throw err;
  }
  return { m, u };
}

function definedOnly(patch: PatchMemberInput): Partial<MembershipRow> {
  const { phone: _phone, ...rest } = patch;
  return Object.fromEntries(
    Object.entries(rest).filter(([, v]) => v !== undefined),
  ) as Partial<MembershipRow>;
}

export async function deleteMember(
  s: Services,
  org: OrgState,
  actor: Actor,
  userId: string,
): Promise<void> {
  const { db } = s;
  const { m, u } = await findMember(db, org.id, userId);
  ensure(can.manageMember(actor, m), 'Only an owner can remove an owner');
  await keepAnOwner(db, org.id, m, true);
  const t = s.now();
  const addressed = u.email
    ? or(eq(invitations.email, u.email), eq(invitations.userId, userId))
    : eq(invitations.userId, userId);
  await keepingAnOwner(db, org.id, m, true, () =>
    db.batch([
      db
        .delete(memberships)
        .where(and(eq(memberships.orgId, org.id), eq(memberships.userId, userId))),
      ...(losesOwner(m, true) ? [ownerRemains(db, org.id)] : []),
      db
        .delete(workspaceMembers)
        .where(and(eq(workspaceMembers.orgId, org.id), eq(workspaceMembers.userId, userId))),
      db
        .update(inviteLinks)
        .set({ revokedAt: t, revokedBy: actor.userId })
        .where(
          and(
            eq(inviteLinks.orgId, org.id),
            eq(inviteLinks.createdBy, userId),
            isNull(inviteLinks.revokedAt),
          ),
        ),
      db
        .update(invitations)
        .set({ status: 'canceled', canceledAt: t, canceledBy: actor.userId, updatedAt: t })
        .where(
          and(
            eq(invitations.orgId, org.id),
            eq(invitations.status, 'pending'),
            or(eq(invitations.createdBy, userId), addressed),
          ),
        ),
      db
        .update(actionTokens)
        .set({ usedAt: t })
        .where(
          and(
            eq(actionTokens.orgId, org.id),
            eq(actionTokens.userId, userId),
            isNull(actionTokens.usedAt),
          ),
        ),
      auditEvent(
        db,
        {
          orgId: org.id,
          actorId: actor.userId,
          action: 'member.delete',
          targetType: 'user',
          targetId: userId,
          detail: { email: u.email, role: m.role },
        },
        t,
      ),
    ]),
  );
}
