/**
 * Accepting a personal invitation (`/invite/:token` page and `POST /api/invite/:token/accept`). Reading an
 * invitation changes nothing; accepting is one batch whose first write (`status = 'pending' AND expires_at > now`)
 * decides every race: the account, the membership with the invitation's role, department and profile, the
 * workspace grants, the session and the audit event commit with it or not at all. Outcomes are values: the route and
 * the page word them for their readers.
 *
 * Who may accept (docs/SECURITY.md): an invitation sent by e-mail or SMS proves its address; one handed out as a
 * copied link proves nothing, so accepting it into a new or password-less account needs a code sent to the address
 * (domain/verification-codes.ts), and an account with a password accepts with it only once its address is proven.
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
import { creatorStillAuthorized, rolesThatMayInvite, stillAuthorized } from './authority';
import { searchTextOf } from './search';
import { verifyAccountPassword } from './credentials';
import type { QuotaHolder } from './quota';
import { addressKind, isVerified, markVerified, proofPower, withProof } from './proof';
import { createSession } from './sessions';
import { checkInvitationCode, codeAddress, useCode } from './verification-codes';

type UserRow = typeof users.$inferSelect;
export type AcceptFailure = { ok: false; code: ErrorCode; message: string; fields?: Record<string, string> };
export type OpenInvitation = { ok: true; inv: InvitationRow; orgName: string; org: QuotaHolder; loginUrl: string | null; inviterName: string; account: UserRow | null };

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
        .select({ inv: invitations, orgName: organizations.name, settings: organizations.settings, org: { id: organizations.id, messagesPerHour: organizations.messagesPerHour, messagesPerDay: organizations.messagesPerDay } })
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
  if (!inviter || !stillAuthorized(inviter.role, rolesThatMayInvite(row.inv.role))) {
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
  return { ok: true, inv: row.inv, orgName: row.orgName, org: row.org, loginUrl: row.settings.loginUrl ?? null, inviterName: inviter.name, account: account ?? null };
}

export interface AcceptInput {
  name?: string;
  password: string;
  /** The code sent to the invitation's address, for an invitation handed out as a copied link. */
  code?: string;
}

/** What proves, in this request, that the person controls the invitation's address (domain/proof.ts). */
type Proof = { address: string; codeId: string | null };

/** An e-mail or SMS invitation went to its address, so its link is the proof; a copied link needs a code. */
async function proofOf(s: Services, inv: InvitationRow, input: AcceptInput, clientIp: string): Promise<Proof | null | AcceptFailure> {
  if (inv.channel === 'email' && inv.email) return { address: inv.email, codeId: null };
  if (inv.channel === 'sms' && inv.phone) return { address: inv.phone, codeId: null };
  if (!input.code) return null;
  const checked = await checkInvitationCode(s, inv, input.code, clientIp);
  return checked.ok ? { address: checked.row.sentTo, codeId: checked.row.id } : checked;
}

const verificationRequired = (inv: InvitationRow) => {
  const { sentTo } = codeAddress(inv);
  return fail('verification_required', `Confirm that ${sentTo} is yours: ask for a code, which goes to that address, and enter it`, { code: 'is required' });
};

type Account = { user: UserRow; statement: 'insert' | 'update' | 'none'; proof: Proof | null };

/**
 * Who accepts. An account with a password accepts with that password (or its session) and is never given a new one
 * here; its address must have been proven before, or be proven now. A new account, or one that never had a password
 * (added or imported by an organization), is made the person's only on proof of the address.
 */
async function resolveAccount(s: Services, open: OpenInvitation, input: AcceptInput, signedIn: UserRow | null, clientIp: string): Promise<Account | AcceptFailure> {
  const { inv } = open;
  const address = inv.email ?? inv.phone!;
  if (signedIn) {
    const same = inv.email ? signedIn.email === inv.email : signedIn.phone === inv.phone;
    const who = signedIn.email ?? signedIn.phone ?? 'another account';
    if (!same) return fail('forbidden', `This invitation is for ${address}; you are signed in as ${who}. Sign out, or sign in as ${address}, to accept it`, { account: `the invitation is for ${address}` });
  }
  const existing = signedIn ?? open.account;
  if (existing?.passwordHash) {
    if (!(await verifyAccountPassword(s, clientIp, existing, input.password))) {
      return fail('invalid_credentials', `The password of ${existing.email ?? existing.phone ?? 'this account'} is not right`, { password: 'is not right' });
    }
    const kind = addressKind(existing, address);
    if (kind !== null && isVerified(existing, kind)) return { user: existing, statement: 'none', proof: null };
    const proof = await proofOf(s, inv, input, clientIp);
    if (proof === null) return verificationRequired(inv);
    if ('ok' in proof) return proof;
    return { user: withProof(existing, proof.address, s.now()), statement: 'none', proof };
  }
  // The fields first: a mistyped password should not spend one of the code's few tries.
  const password = passwordSchema.safeParse(input.password);
  const name = input.name === undefined && existing ? { success: true as const, data: existing.name } : nameSchema.safeParse(input.name ?? '');
  const fields: Record<string, string> = {};
  if (!name.success) fields.name = name.error.issues[0]?.message ?? 'is required';
  if (!password.success) fields.password = password.error.issues[0]?.message ?? 'is not valid';
  if (!name.success || !password.success) return fail('invalid_input', 'Give your name and a password of at least 10 characters', fields);
  const proof = await proofOf(s, inv, input, clientIp);
  if (proof === null) return verificationRequired(inv);
  if ('ok' in proof) return proof;
  if (existing && proofPower(existing, proof.address) !== 'own') return verificationRequired(inv);
  const t = s.now();
  const fresh = { passwordHash: await s.passwords.hash(password.data), name: name.data, registeredAt: t, mustChangePassword: false, passwordExpiresAt: null };
  if (existing) return { user: { ...withProof(existing, proof.address, t), ...fresh }, statement: 'update', proof };
  const user: UserRow = {
    id: newId(),
    email: inv.email,
    phone: inv.phone,
    emailVerifiedAt: inv.email === proof.address ? t : null,
    phoneVerifiedAt: inv.phone === proof.address ? t : null,
    createdAt: t,
    lastActiveAt: t,
    ...fresh,
  };
  return { user, statement: 'insert', proof };
}

export type Accepted = { ok: true; user: UserRow; inv: InvitationRow; session: { token: string; expiresAt: number } | null };

export async function acceptInvitation(s: Services, token: string, input: AcceptInput, signedIn: UserRow | null, clientIp: string, withSession: boolean): Promise<Accepted | AcceptFailure> {
  const { db } = s;
  const open = await openInvitation(s, token);
  if (!open.ok) return open;
  const { inv } = open;
  const account = await resolveAccount(s, open, input, signedIn, clientIp);
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
    phone: inv.phone,
    departmentId: inv.departmentId,
    invitationState: 'invited' as const,
    source: 'invitation' as const,
    searchText: searchTextOf({ names: [firstName, lastName, user.name], email: user.email, phone: inv.phone }),
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
        // The nonce too: a resend since the token was checked has killed this link. And the sender must still be
        // allowed to send it (domain/authority.ts), whatever changed since it was read.
        .where(
          and(
            eq(invitations.id, inv.id),
            eq(invitations.status, 'pending'),
            eq(invitations.tokenNonce, inv.tokenNonce),
            sql`${invitations.expiresAt} > ${t}`,
            creatorStillAuthorized(inv.orgId, inv.createdBy, rolesThatMayInvite(inv.role)),
          ),
        ),
      unlessChanged(db),
      ...(account.proof?.codeId ? [useCode(db, account.proof.codeId, t), unlessChanged(db)] : []),
      ...(account.statement === 'insert' ? [db.insert(users).values(user)] : []),
      // Only an account that still has no password gets one: a password set meanwhile is never replaced here.
      ...(account.statement === 'update'
        ? [db.update(users).set({ passwordHash: user.passwordHash, name: user.name, registeredAt: t, mustChangePassword: false, passwordExpiresAt: null }).where(and(eq(users.id, user.id), isNull(users.passwordHash))), unlessChanged(db)]
        : []),
      ...(account.proof && account.statement !== 'insert' ? [markVerified(db, user.id, account.proof.address, t)] : []),
      db
        .insert(memberships)
        .values(membership)
        .onConflictDoUpdate({
          target: [memberships.orgId, memberships.userId],
          set: { role: inv.role, status: 'active', activatedAt: t, updatedAt: t, invitationState: 'invited', invitationError: null, searchText: membership.searchText, phone: keep('phone'), departmentId: keep('department_id'), firstName: keep('first_name'), lastName: keep('last_name'), gender: keep('gender'), birthday: keep('birthday'), position: keep('position') },
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
    const reopened = await openInvitation(s, token);
    if (!reopened.ok) return reopened;
    if (isUniqueViolation(err)) return fail('conflict', 'An account with this address was created meanwhile; sign in and accept again');
    if (account.proof?.codeId) return fail('verification_required', 'This code was used or replaced meanwhile; ask for a new code', { code: 'ask for a new code' });
    if (account.statement === 'update') return fail('conflict', 'This account got a password meanwhile; accept again with it');
    throw err;
  }
  return { ok: true, user, inv, session: session ? { token: session.token, expiresAt: session.expiresAt } : null };
}

/**
 * Whether accepting needs a code: only for an invitation handed out as a copied link, and not when the address already
 * belongs to an account that proved it (its password is then enough).
 */
export function needsCode(open: OpenInvitation): boolean {
  if (open.inv.channel !== 'link') return false;
  const account = open.account;
  const kind = account ? addressKind(account, open.inv.email ?? open.inv.phone) : null;
  return !(account?.passwordHash && kind !== null && isVerified(account, kind));
}
