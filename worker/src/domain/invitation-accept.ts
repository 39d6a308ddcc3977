/**
 * Accepting a personal invitation (`/invite/:token` page and `POST /api/invite/:token/accept`). Reading an
 * invitation changes nothing; accepting is one batch whose first write (`status = 'pending' AND expires_at > now`)
 * decides every race: the account, the membership with the invitation's role, department and profile, the
 * workspace grants, the session and the audit event commit with it or not at all. Outcomes are values: the route and the page word them for their readers.
 */
import { and, eq, getTableColumns, isNull, sql } from 'drizzle-orm';
import { passwordSchema, nameSchema } from '../../../shared/api/common';
import type { ErrorCode } from '../../../shared/errors';
import { isUniqueViolation } from '../db/client';
import { actionTokens, invitations, memberships, organizations, users } from '../db/schema';
import type { Services } from '../env';
import { newId } from '../lib/ids';
import { parseToken } from '../lib/tokens';
import { auditEvent } from './audit';
import { effectiveStatus, unlessChanged, type InvitationRow } from './invitations';
import { can } from './permissions';
import { searchTextOf } from './search';
import { createSession } from './sessions';

type UserRow = typeof users.$inferSelect;
export type AcceptFailure = { ok: false; code: ErrorCode; message: string; fields?: Record<string, string> };
export type OpenInvitation = { ok: true; inv: InvitationRow; orgName: string; loginUrl: string | null; inviterName: string; account: UserRow | null };

const fail = (code: ErrorCode, message: string, fields?: Record<string, string>): AcceptFailure => ({ ok: false, code, message, ...(fields ? { fields } : {}) });

const GONE: Record<'accepted' | 'canceled' | 'expired', AcceptFailure> = {
  accepted: fail('invitation_accepted', 'This invitation has already been accepted'),
  canceled: fail('invitation_canceled', 'This invitation was canceled'),
  expired: fail('invitation_expired', 'This invitation has expired; ask for a new one'),
};

/** The open invitation behind a token, without changing anything; the account its address has, if any. */
export async function openInvitation(s: Services, token: string): Promise<OpenInvitation | AcceptFailure> {
  const { db } = s;
  const parsed = parseToken(token);
  const [row] = parsed
    ? await db
        .select({ inv: invitations, orgName: organizations.name, settings: organizations.settings })
        .from(invitations)
        .innerJoin(organizations, eq(organizations.id, invitations.orgId))
        .where(eq(invitations.id, parsed.id))
        .limit(1)
    : [];
  if (!parsed || !row || !(await s.tokens.matches('invitation', parsed, row.inv.tokenNonce))) return fail('not_found', 'This invitation link is not valid');
  const status = effectiveStatus(row.inv, s.now());
  if (status !== 'pending') return GONE[status];
  // The invitation stands only while its sender may still send it.
  const [inviter] = await db
    .select({ role: memberships.role, name: users.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.orgId, row.inv.orgId), eq(memberships.userId, row.inv.createdBy), eq(memberships.status, 'active')))
    .limit(1);
  if (!inviter || !can.invite({ userId: row.inv.createdBy, role: inviter.role }, row.inv.role)) {
    return fail('forbidden', 'The person who sent this invitation can no longer invite you; ask them or an administrator for a new one');
  }
  // The invited address's account: by e-mail, or for a phone-only invitation the person this organization already
  // has under that phone (added by hand or imported, still pending), so accepting activates them instead of
  // making a second person with the same phone, which the database refuses.
  const [account] = row.inv.email
    ? await db.select().from(users).where(eq(users.email, row.inv.email)).limit(1)
    : await db
        .select(getTableColumns(users))
        .from(users)
        .innerJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.orgId, row.inv.orgId)))
        .where(and(eq(users.phone, row.inv.phone!), isNull(users.email)))
        .limit(1);
  return { ok: true, inv: row.inv, orgName: row.orgName, loginUrl: row.settings.loginUrl ?? null, inviterName: inviter.name, account: account ?? null };
}

export interface AcceptInput {
  name?: string;
  password: string;
}

type Account = { user: UserRow; statement: 'insert' | 'update' | 'none' };

/** Who accepts: the signed-in account (its address must be the invited one), the address's account, or a new one. */
async function resolveAccount(s: Services, open: OpenInvitation, input: AcceptInput, signedIn: UserRow | null): Promise<Account | AcceptFailure> {
  const { inv } = open;
  if (signedIn) {
    const same = inv.email ? signedIn.email === inv.email : signedIn.phone === inv.phone;
    if (!same) return fail('forbidden', `This invitation is for ${inv.email ?? inv.phone}; you are signed in with another account`);
  }
  const existing = signedIn ?? open.account;
  if (existing?.passwordHash) {
    const check = await s.passwords.verify(input.password, existing.passwordHash);
    if (!check.ok) return fail('invalid_credentials', `The password of ${existing.email ?? 'this account'} is not right`, { password: 'is not right' });
    return { user: existing, statement: 'none' };
  }
  const password = passwordSchema.safeParse(input.password);
  const name = input.name === undefined && existing ? { success: true as const, data: existing.name } : nameSchema.safeParse(input.name ?? '');
  const fields: Record<string, string> = {};
  if (!name.success) fields.name = name.error.issues[0]?.message ?? 'is required';
  if (!password.success) fields.password = password.error.issues[0]?.message ?? 'is not valid';
  if (!name.success || !password.success) return fail('invalid_input', 'Give your name and a password of at least 10 characters', fields);
  const t = s.now();
  const fresh = { passwordHash: await s.passwords.hash(password.data), name: name.data, registeredAt: t, mustChangePassword: false, passwordExpiresAt: null };
  if (existing) return { user: { ...existing, ...fresh }, statement: 'update' };
  const user: UserRow = { id: newId(), email: inv.email, phone: inv.phone, createdAt: t, lastActiveAt: t, ...fresh };
  return { user, statement: 'insert' };
}

export type Accepted = { ok: true; user: UserRow; inv: InvitationRow; session: { token: string; expiresAt: number } | null };

export async function acceptInvitation(s: Services, token: string, input: AcceptInput, signedIn: UserRow | null, withSession: boolean): Promise<Accepted | AcceptFailure> {
  const { db } = s;
  const open = await openInvitation(s, token);
  if (!open.ok) return open;
  const { inv } = open;
  const account = await resolveAccount(s, open, input, signedIn);
  if ('ok' in account) return account;
  const { user } = account;
  const [member] = await db.select({ status: memberships.status }).from(memberships).where(and(eq(memberships.orgId, inv.orgId), eq(memberships.userId, user.id))).limit(1);
  if (member?.status === 'active') return fail('already_member', `${user.email ?? user.phone} is already a member of ${open.orgName}`);

  const t = s.now();
  const profile = inv.profile ?? {};
  const [first, ...rest] = user.name.split(' ');
  const firstName = profile.firstName ?? first ?? null;
  const lastName = profile.lastName ?? (rest.join(' ') || null);
  const session = withSession ? await createSession(db, user.id, t) : null;
  const membership = {
    orgId: inv.orgId,
    userId: user.id,
    role: inv.role,
    status: 'active' as const,
    firstName,
    lastName,
    gender: profile.gender ?? null,
    birthday: profile.birthday ?? null,
    position: profile.position ?? null,
    departmentId: inv.departmentId,
    invitationState: 'invited' as const,
    source: 'invitation' as const,
    searchText: searchTextOf({ names: [firstName, lastName, user.name], email: user.email, phone: user.phone }),
    createdAt: t,
    activatedAt: t,
    updatedAt: t,
  };
  const keep = (column: string) => sql.raw(`coalesce(excluded.${column}, ${column})`);
  try {
    await db.batch([
      db
        .update(invitations)
        .set({ status: 'accepted', acceptedAt: t, acceptedBy: user.id, updatedAt: t })
        // The nonce too: a resend since the token was checked has killed this link.
        .where(and(eq(invitations.id, inv.id), eq(invitations.status, 'pending'), eq(invitations.tokenNonce, inv.tokenNonce), sql`${invitations.expiresAt} > ${t}`)),
      unlessChanged(db),
      ...(account.statement === 'insert' ? [db.insert(users).values(user)] : []),
      ...(account.statement === 'update' ? [db.update(users).set({ passwordHash: user.passwordHash, name: user.name, registeredAt: t, mustChangePassword: false, passwordExpiresAt: null }).where(eq(users.id, user.id))] : []),
      db
        .insert(memberships)
        .values(membership)
        .onConflictDoUpdate({
          target: [memberships.orgId, memberships.userId],
          set: { role: inv.role, status: 'active', activatedAt: t, updatedAt: t, invitationState: 'invited', invitationError: null, searchText: membership.searchText, departmentId: keep('department_id'), firstName: keep('first_name'), lastName: keep('last_name'), gender: keep('gender'), birthday: keep('birthday'), position: keep('position') },
        }),
      db.run(sql`INSERT INTO workspace_members (workspace_id, user_id, org_id, role, created_at)
        SELECT iw.workspace_id, ${user.id}, ${inv.orgId}, iw.role, ${t} FROM invitation_workspaces iw JOIN workspaces w ON w.id = iw.workspace_id AND w.org_id = ${inv.orgId}
        WHERE iw.invitation_id = ${inv.id} ON CONFLICT (workspace_id, user_id) DO UPDATE SET role = excluded.role`),
      // Links an earlier "send invitation" sent for this organization are no longer needed.
      db.update(actionTokens).set({ usedAt: t }).where(and(eq(actionTokens.userId, user.id), eq(actionTokens.orgId, inv.orgId), sql`${actionTokens.usedAt} IS NULL`)),
      auditEvent(db, { orgId: inv.orgId, actorId: user.id, action: 'invitation.accept', targetType: 'invitation', targetId: inv.id, detail: { role: inv.role, newAccount: account.statement === 'insert' } }, t),
      ...(session ? [session.insert] : []),
    ]);
  } catch (err) {
    const [now] = await db.select({ status: invitations.status, expiresAt: invitations.expiresAt, tokenNonce: invitations.tokenNonce }).from(invitations).where(eq(invitations.id, inv.id)).limit(1);
    const status = now ? effectiveStatus(now, s.now()) : 'canceled';
    if (status !== 'pending') return GONE[status];
    if (now!.tokenNonce !== inv.tokenNonce) return fail('not_found', 'This invitation link is not valid');
    if (isUniqueViolation(err)) return fail('conflict', 'An account with this address was created meanwhile; sign in and accept again');
    throw err;
  }
  return { ok: true, user, inv, session: session ? { token: session.token, expiresAt: session.expiresAt } : null };
}
