/**
 * Accepting a personal invitation (`/invite/:token` page and `POST /api/invite/:token/accept`).
 * Accepting is one batch whose first write (`status = 'pending' AND expires_at > now`) decides every
 * race: the account, the membership with the invitation's role, department and profile, the
 * workspace grants, the session and the audit event commit with it or not at all. Who accepts, and
 * with what proof: features/invitations/accept-account.ts; opening the invitation:
 * features/invitations/open-invitation.ts. Outcomes are values: the route and the page word them
 * for their readers.
 */
import { invitationData, webhookEvents } from '../webhooks/events';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import { isUniqueViolation, type Db } from '../../db/client';
import { actionTokens, invitations, memberships, users } from '../../db/schema';
import type { Services } from '../../env';
import { stillSignsInWith, markVerified } from '../accounts/proof';
import { createSession } from '../accounts/sessions';
import { useCode } from '../accounts/verification-codes';
import { auditEvent } from '../organizations/audit';
import { creatorStillAuthorized, rolesThatMayInvite } from '../organizations/authority';
import { searchTextOf } from '../../db/search-index';
import { resolveAccount, type Account, type AcceptInput } from './accept-account';
import { effectiveStatus, type InvitationRow } from './invitations';
import {
  fail,
  GONE,
  invalidLink,
  openInvitation,
  type AcceptFailure,
  type OpenInvitation,
  type UserRow,
} from './open-invitation';
import { unlessChanged } from '../../db/guarded';

/** How often one client may try to accept, through the API and the page together. */
export const acceptLimits = (clientIp: string) => [
  { key: `accept:client:${clientIp}`, limit: 100, windowMs: 15 * 60_000 },
];

export type Accepted = {
  ok: true;
  user: UserRow;
  inv: InvitationRow;
  session: { token: string; expiresAt: number } | null;
};

export interface AcceptInvitationInput {
  token: string;
  /** The name, password and code the person gave. */
  answers: AcceptInput;
  /** The account the request is signed in to, if any (features/invitations/accept-account.ts
   * `signedInAccount`). */
  signedIn: UserRow | null;
  clientIp: string;
  /** Whether accepting starts a session (the API) or leaves signing in to the person (the page). */
  withSession: boolean;
}

export async function acceptInvitation(
  s: Services,
  input: AcceptInvitationInput,
): Promise<Accepted | AcceptFailure> {
  // The client's count and the invitation in one round trip.
  const open = await openInvitation(s, input.token, acceptLimits(input.clientIp));
  if (!open.ok) return open;
  return acceptOpened(s, open, input);
}

/**
 * Accepts an invitation opened with the client's count (`openInvitation` with `acceptLimits`), for
 * a page that shows what it opened.
 */
export async function acceptOpened(
  s: Services,
  open: OpenInvitation,
  input: AcceptInvitationInput,
): Promise<Accepted | AcceptFailure> {
  const { db } = s;
  const { inv } = open;
  const account = await resolveAccount(s, {
    open,
    answers: input.answers,
    signedIn: input.signedIn,
    clientIp: input.clientIp,
  });
  if ('ok' in account) return account;
  const { user } = account;
  // The invited address's membership was read with the invitation; another account's (one signed
  // in) is read now.
  const member =
    account.statement === 'insert'
      ? undefined
      : user.id === open.account?.id
        ? { status: open.accountMembership }
        : (
            await db
              .select({ status: memberships.status })
              .from(memberships)
              .where(and(eq(memberships.orgId, inv.orgId), eq(memberships.userId, user.id)))
              .limit(1)
          )[0];
  if (member?.status === 'active')
    return fail(
      'already_member',
      `${user.email ?? user.phone} is already a member of ${open.orgName}`,
    );

  const t = s.now();
  const session = input.withSession ? await createSession(db, user.id, t) : null;
  try {
    await db.batch([...acceptance(db, inv, account, t), ...(session ? [session.insert] : [])]);
  } catch (err) {
    return whyNotAccepted(s, input.token, inv, account, err);
  }
  return {
    ok: true,
    user,
    inv,
    session: session ? { token: session.token, expiresAt: session.expiresAt } : null,
  };
}

/**
 * The membership accepting gives: the invitation's role, department and profile, the name split as
 * the account gave it where the invitation names no one.
 */
function membershipOf(inv: InvitationRow, user: UserRow, t: number) {
  const profile = inv.profile ?? {};
  const [first, ...rest] = user.name.split(' ');
  const firstName = profile.firstName ?? first ?? null;
  const lastName = profile.lastName ?? (rest.join(' ') || null);
  return {
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
    searchText: searchTextOf({
      names: [firstName, lastName, user.name],
      email: user.email,
      phone: inv.phone,
    }),
    createdAt: t,
    activatedAt: t,
    updatedAt: t,
  };
}

/**
 * The batch of an acceptance, its guarded write first: the invitation is still pending, unexpired,
 * with the same nonce, and its sender still allowed to send it.
 */
function acceptance(
  db: Db,
  inv: InvitationRow,
  account: Account,
  t: number,
): [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]] {
  const { user } = account;
  const membership = membershipOf(inv, user, t);
  const keep = (column: string) => sql.raw(`coalesce(excluded.${column}, ${column})`);
  return [
    db
      .update(invitations)
      .set({ status: 'accepted', acceptedAt: t, acceptedBy: user.id, updatedAt: t })
      // The nonce too: a resend since the token was checked has killed this link. And the sender
      // must still be allowed to send it (features/organizations/authority.ts), whatever changed since it was
      // read.
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
    // Only an account that still has no password gets one: a password set meanwhile is never
    // replaced here.
    ...(account.statement === 'update'
      ? [
          db
            .update(users)
            .set({
              passwordHash: user.passwordHash,
              name: user.name,
              registeredAt: t,
              mustChangePassword: false,
              passwordExpiresAt: null,
            })
            .where(
              and(
                eq(users.id, user.id),
                isNull(users.passwordHash),
                stillSignsInWith(account.proof!.address),
              ),
            ),
          unlessChanged(db),
        ]
      : []),
    ...(account.proof && account.statement !== 'insert'
      ? [markVerified(db, user.id, account.proof.address, t)]
      : []),
    db
      .insert(memberships)
      .values(membership)
      .onConflictDoUpdate({
        target: [memberships.orgId, memberships.userId],
        set: {
          role: inv.role,
          status: 'active',
          activatedAt: t,
          updatedAt: t,
          invitationState: 'invited',
          invitationError: null,
          searchText: membership.searchText,
          phone: keep('phone'),
          departmentId: keep('department_id'),
          firstName: keep('first_name'),
          lastName: keep('last_name'),
          gender: keep('gender'),
          birthday: keep('birthday'),
          position: keep('position'),
        },
      }),
    db.run(sql`INSERT INTO workspace_members (workspace_id, user_id, org_id, role, created_at)
    SELECT iw.workspace_id, ${user.id}, ${inv.orgId}, iw.role, ${t} FROM invitation_workspaces iw JOIN workspaces w ON w.id = iw.workspace_id AND w.org_id = ${inv.orgId}
    WHERE iw.invitation_id = ${inv.id} ON CONFLICT (workspace_id, user_id) DO UPDATE SET role = excluded.role`),
    // Links an earlier "send invitation" sent for this organization are no longer needed.
    db
      .update(actionTokens)
      .set({ usedAt: t })
      .where(
        and(
          eq(actionTokens.userId, user.id),
          eq(actionTokens.orgId, inv.orgId),
          sql`${actionTokens.usedAt} IS NULL`,
        ),
      ),
    auditEvent(
      db,
      {
        orgId: inv.orgId,
        actorId: user.id,
        action: 'invitation.accept',
        targetType: 'invitation',
        targetId: inv.id,
        detail: { role: inv.role },
      },
      t,
    ),
    webhookEvents(
      db,
      { id: inv.orgId },
      'invitation.accepted',
      { invitation: invitationData(inv), member: { userId: user.id, role: inv.role } },
      { userId: user.id },
      t,
    ),
    webhookEvents(
      db,
      { id: inv.orgId },
      'member.joined',
      { member: { userId: user.id, role: inv.role, email: user.email, via: 'invitation' } },
      { userId: user.id },
      t,
    ),
  ];
}

/**
 * Why a batch that failed accepted nothing, from the invitation as it is now: gone, replaced, or
 * lost a race the person may retry; an error not of these kinds is thrown again.
 */
async function whyNotAccepted(
  s: Services,
  token: string,
  inv: InvitationRow,
  account: Account,
  err: unknown,
): Promise<AcceptFailure> {
  const { db } = s;
  const [now] = await db
    .select({
      status: invitations.status,
      expiresAt: invitations.expiresAt,
      tokenNonce: invitations.tokenNonce,
    })
    .from(invitations)
    .where(eq(invitations.id, inv.id))
    .limit(1);
  const status = now ? effectiveStatus(now, s.now()) : 'canceled';
  if (status !== 'pending') return GONE[status];
  if (now!.tokenNonce !== inv.tokenNonce) return invalidLink();
  const reopened = await openInvitation(s, token);
  if (!reopened.ok) return reopened;
  if (isUniqueViolation(err))
    return fail(
      'conflict',
      'An account with this address was created meanwhile; sign in and accept again',
    );
  if (account.proof?.codeId)
    return fail(
      'verification_required',
      'This code was used or replaced meanwhile; ask for a new code',
      { code: 'ask for a new code' },
    );
  if (account.statement === 'update')
    return fail('conflict', 'This account got a password meanwhile; accept again with it');
  throw err;
}
