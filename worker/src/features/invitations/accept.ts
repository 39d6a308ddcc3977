/**
 * Accepting a personal invitation (`/invite/:token` page and `POST /api/invite/:token/accept`).
 * Reading an invitation changes nothing; accepting is one batch whose first write (`status =
 * 'pending' AND expires_at > now`) decides every race: the account, the membership with the
 * invitation's role, department and profile, the workspace grants, the session and the audit event
 * commit with it or not at all. Outcomes are values: the route and the page word them for their
 * readers.
 *
 * Who may accept (docs/SECURITY.md): an invitation sent by e-mail or SMS proves its address; one
 * handed out as a copied link proves nothing, so accepting it into a new or password-less account
 * needs a code sent to the address (features/accounts/verification-codes.ts), and an account with a password
 * accepts with it only once its address is proven.
 */
import { and, eq, getTableColumns, isNull, sql } from 'drizzle-orm';
import { passwordSchema, personNameSchema as nameSchema } from '../../../../shared/api/common';
import type { ErrorCode } from '../../../../shared/errors';
import { isUniqueViolation } from '../../db/client';
import { actionTokens, invitations, memberships, organizations, users } from '../../db/schema';
import type { Services } from '../../env';
import { newId } from '../../lib/ids';
import { parseToken } from '../../lib/tokens';
import { auditEvent } from '../organizations/audit';
import { effectiveStatus, unlessChanged, type InvitationRow } from './invitations';
import {
  creatorStillAuthorized,
  rolesThatMayInvite,
  stillAuthorized,
} from '../organizations/authority';
import { memberName } from '../members/members';
import { searchTextOf } from '../search/search';
import { verifyAccountPassword } from '../accounts/credentials';
import type { QuotaHolder } from '../organizations/quota';
import {
  isVerified,
  markVerified,
  proves,
  signInAddress,
  signInKind,
  stillSignsInWith,
  withProof,
} from '../accounts/proof';
import { createSession } from '../accounts/sessions';
import { checkCode, useCode } from '../accounts/verification-codes';

type UserRow = typeof users.$inferSelect;
export type AcceptFailure = {
  ok: false;
  code: ErrorCode;
  message: string;
  fields?: Record<string, string>;
};
export type OpenInvitation = {
  ok: true;
  inv: InvitationRow;
  orgName: string;
  org: QuotaHolder;
  loginUrl: string | null;
  inviterName: string;
  account: UserRow | null;
};

const fail = (
  code: ErrorCode,
  message: string,
  fields?: Record<string, string>,
): AcceptFailure => ({ ok: false, code, message, ...(fields ? { fields } : {}) });

const GONE: Record<'accepted' | 'canceled' | 'expired', AcceptFailure> = {
  accepted: fail('invitation_accepted', 'This invitation has already been accepted'),
  canceled: fail('invitation_canceled', 'This invitation was canceled'),
  expired: fail('invitation_expired', 'This invitation has expired; ask for a new one'),
};

/**
 * The open invitation behind a token, without changing anything; the account its address has, if
 * any.
 */
export async function openInvitation(
  s: Services,
  token: string,
): Promise<OpenInvitation | AcceptFailure> {
  const { db } = s;
  const parsed = parseToken(token);
  const [row] = parsed
    ? await db
        .select({
          inv: invitations,
          orgName: organizations.name,
          settings: organizations.settings,
          org: {
            id: organizations.id,
            messagesPerHour: organizations.messagesPerHour,
            messagesPerDay: organizations.messagesPerDay,
          },
        })
        .from(invitations)
        .innerJoin(organizations, eq(organizations.id, invitations.orgId))
        .where(eq(invitations.id, parsed.id))
        .limit(1)
    : [];
  if (!parsed || !row || !(await s.tokens.matches('invitation', parsed, row.inv.tokenNonce)))
    return fail('not_found', 'This invitation link is not valid');
  const status = effectiveStatus(row.inv, s.now());
  if (status !== 'pending') return GONE[status];
  // The invitation stands only while its sender may still send it.
  const [inviter] = await db
    .select({
      role: memberships.role,
      name: users.name,
      firstName: memberships.firstName,
      lastName: memberships.lastName,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.orgId, row.inv.orgId),
        eq(memberships.userId, row.inv.createdBy),
        eq(memberships.status, 'active'),
      ),
    )
    .limit(1);
  if (!inviter || !stillAuthorized(inviter.role, rolesThatMayInvite(row.inv.role))) {
    return fail(
      'forbidden',
      'The person who sent this invitation can no longer invite you; ask them or an administrator for a new one',
    );
  }
  // The invited address's account: by e-mail, or for a phone-only invitation the person this
  // organization already has under that phone (added by hand or imported, still pending), so
  // accepting activates them instead of making a second person with the same phone, which the
  // database refuses.
  const [account] = row.inv.email
    ? await db.select().from(users).where(eq(users.email, row.inv.email)).limit(1)
    : await db
        .select(getTableColumns(users))
        .from(users)
        .innerJoin(
          memberships,
          and(eq(memberships.userId, users.id), eq(memberships.orgId, row.inv.orgId)),
        )
        .where(and(eq(users.phone, row.inv.phone!), isNull(users.email)))
        .limit(1);
  return {
    ok: true,
    inv: row.inv,
    orgName: row.orgName,
    org: row.org,
    loginUrl: row.settings.loginUrl ?? null,
    inviterName: memberName(inviter, inviter),
    account: account ?? null,
  };
}

export interface AcceptInput {
  name?: string;
  password: string;
  /** The code sent to the invitation's address, for an invitation handed out as a copied link. */
  code?: string;
}

/**
 * What proves, in this request, that the person controls the invitation's address
 * (features/accounts/proof.ts).
 */
type Proof = { address: string; codeId: string | null };

/**
 * The address the invitation makes its account sign in with: its e-mail address, else its phone.
 */
export const invitedAddress = (inv: Pick<InvitationRow, 'email' | 'phone'>) =>
  inv.email ?? inv.phone!;

/**
 * The address the invitation's own link proves: an e-mail invitation went to its address, an SMS
 * invitation to a person known only by phone went to that phone. A copied link, or an SMS for
 * someone who signs in with an e-mail address, proves nothing about the account: a code sent to
 * that address does.
 */
export function linkProves(inv: Pick<InvitationRow, 'channel' | 'email' | 'phone'>): string | null {
  if (inv.channel === 'email' && inv.email) return inv.email;
  if (inv.channel === 'sms' && !inv.email && inv.phone) return inv.phone;
  return null;
}

/** Where a code for the invitation goes, and by which channel. */
export const codeTargetOf = (inv: InvitationRow) => ({
  forKind: 'invitation' as const,
  forId: inv.id,
  sentTo: invitedAddress(inv),
  channel: inv.email ? ('email' as const) : ('sms' as const),
});

/** A code given with the request, checked (a try); null when none was given. */
async function codeProof(
  s: Services,
  inv: InvitationRow,
  code: string | undefined,
  clientIp: string,
): Promise<Proof | null | AcceptFailure> {
  if (!code) return null;
  const checked = await checkCode(s, inv.id, invitedAddress(inv), code, clientIp);
  return checked.ok ? { address: checked.row.sentTo, codeId: checked.row.id } : checked;
}

const verificationRequired = (inv: InvitationRow) =>
  fail(
    'verification_required',
    `Confirm that ${invitedAddress(inv)} is yours: ask for a code, which goes to that address, and enter it`,
    { code: 'is required' },
  );

type Account = { user: UserRow; statement: 'insert' | 'update' | 'none'; proof: Proof | null };

/**
 * Who accepts. Without a proof in hand (a copied link, an SMS for an e-mail address) the code comes
 * first, before anything that depends on the account, so the answer tells the link's holder nothing
 * about whether the address has one — unless the request is signed in to the invited account and
 * its address is proven. An account with a password accepts with that password and is never given a
 * new one here. A new account, or one that never had a password (added or imported by an
 * organization), is made the person's on the proof of its sign-in address.
 */
async function resolveAccount(
  s: Services,
  open: OpenInvitation,
  input: AcceptInput,
  signedIn: UserRow | null,
  clientIp: string,
): Promise<Account | AcceptFailure> {
  const { inv } = open;
  const address = invitedAddress(inv);
  if (signedIn) {
    const who = signInAddress(signedIn) || 'another account';
    if (signInAddress(signedIn) !== address) {
      return fail(
        'forbidden',
        `This invitation is for ${address}; you are signed in as ${who}. Sign out, or sign in as ${address}, to accept it`,
        { account: `the invitation is for ${address}` },
      );
    }
  }
  const inHand = linkProves(inv);
  let proof: Proof | null = inHand ? { address: inHand, codeId: null } : null;
  const sessionVouches = signedIn !== null && isVerified(signedIn, signInKind(signedIn));
  if (!proof && !sessionVouches) {
    const checked = await codeProof(s, inv, input.code, clientIp);
    if (checked === null) return verificationRequired(inv);
    if ('ok' in checked) return checked;
    proof = checked;
  }
  const existing = signedIn ?? open.account;
  if (existing?.passwordHash) {
    if (!(await verifyAccountPassword(s, clientIp, existing, input.password))) {
      return fail(
        'invalid_credentials',
        `The password of ${signInAddress(existing) || 'this account'} is not right`,
        { password: 'is not right' },
      );
    }
    return {
      user: proof ? withProof(existing, proof.address, s.now()) : existing,
      statement: 'none',
      proof,
    };
  }
  const password = passwordSchema.safeParse(input.password);
  const name =
    input.name === undefined && existing
      ? { success: true as const, data: existing.name }
      : nameSchema.safeParse(input.name ?? '');
  const fields: Record<string, string> = {};
  if (!name.success) fields.name = name.error.issues[0]?.message ?? 'is required';
  if (!password.success) fields.password = password.error.issues[0]?.message ?? 'is not valid';
  if (!name.success || !password.success)
    return fail('invalid_input', 'Give your name and a password of at least 10 characters', fields);
  // Only the proof of the sign-in address makes a password-less account the holder's (an account
  // with another sign-in address than the invited one is not this invitation's to claim).
  if (!proof || (existing && !proves(existing, proof.address))) return verificationRequired(inv);
  const t = s.now();
  const fresh = {
    passwordHash: await s.passwords.hash(password.data),
    name: name.data,
    registeredAt: t,
    mustChangePassword: false,
    passwordExpiresAt: null,
  };
  if (existing)
    return {
      user: { ...withProof(existing, proof.address, t), ...fresh },
      statement: 'update',
      proof,
    };
  const user: UserRow = {
    id: newId(),
    email: inv.email,
    // An account with an e-mail address keeps no phone of an organization's choosing; the
    // membership has it.
    phone: inv.email ? null : inv.phone,
    emailVerifiedAt: inv.email && inv.email === proof.address ? t : null,
    phoneVerifiedAt: !inv.email && inv.phone === proof.address ? t : null,
    createdAt: t,
    lastActiveAt: t,
    ...fresh,
  };
  return { user, statement: 'insert', proof };
}

export type Accepted = {
  ok: true;
  user: UserRow;
  inv: InvitationRow;
  session: { token: string; expiresAt: number } | null;
};

export async function acceptInvitation(
  s: Services,
  token: string,
  input: AcceptInput,
  signedIn: UserRow | null,
  clientIp: string,
  withSession: boolean,
): Promise<Accepted | AcceptFailure> {
  const { db } = s;
  const open = await openInvitation(s, token);
  if (!open.ok) return open;
  const { inv } = open;
  const account = await resolveAccount(s, open, input, signedIn, clientIp);
  if ('ok' in account) return account;
  const { user } = account;
  const [member] = await db
    .select({ status: memberships.status })
    .from(memberships)
    .where(and(eq(memberships.orgId, inv.orgId), eq(memberships.userId, user.id)))
    .limit(1);
  if (member?.status === 'active')
    return fail(
      'already_member',
      `${user.email ?? user.phone} is already a member of ${open.orgName}`,
    );

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
    searchText: searchTextOf({
      names: [firstName, lastName, user.name],
      email: user.email,
      phone: inv.phone,
    }),
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
          detail: { role: inv.role, newAccount: account.statement === 'insert' },
        },
        t,
      ),
      ...(session ? [session.insert] : []),
    ]);
  } catch (err) {
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
    if (now!.tokenNonce !== inv.tokenNonce)
      return fail('not_found', 'This invitation link is not valid');
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
  return {
    ok: true,
    user,
    inv,
    session: session ? { token: session.token, expiresAt: session.expiresAt } : null,
  };
}

/** Whether accepting needs a code: the invitation's link does not prove its address. */
export const needsCode = (open: OpenInvitation): boolean => linkProves(open.inv) === null;

/**
 * What the invitation's holder may be told of the address's account: only when the link proves the
 * address (they are its owner) or the request is signed in to that account; a copied link's holder
 * learns it after the code.
 */
export function accountShown(
  open: OpenInvitation,
  signedIn: UserRow | null,
): 'new' | 'existing' | undefined {
  if (needsCode(open) && !(signedIn && signInAddress(signedIn) === invitedAddress(open.inv)))
    return undefined;
  return open.account?.passwordHash ? 'existing' : 'new';
}
