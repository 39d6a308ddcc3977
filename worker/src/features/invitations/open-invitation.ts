/**
 * Opening a personal invitation from its token (the `/invite/:token` page and `/api/invite/:token`):
 * reading it changes nothing. Outcomes are values: the route and the page word them for their
 * readers. What the invitation's own link proves about its address decides whether accepting needs
 * a code (docs/SECURITY.md).
 */
import { and, eq, getTableColumns, isNull } from 'drizzle-orm';
import type { ErrorCode } from '../../../../shared/errors';
import { invitations, memberships, organizations, users } from '../../db/schema';
import type { Services } from '../../env';
import { parseToken } from '../../lib/tokens';
import { signInAddress } from '../accounts/proof';

import { rolesThatMayInvite, stillAuthorized } from '../organizations/authority';
import type { QuotaHolder } from '../organizations/quota';
import { effectiveStatus, type InvitationRow } from './invitations';
import { memberName } from '../../db/member-names';

export type UserRow = typeof users.$inferSelect;
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

export const fail = (
  code: ErrorCode,
  message: string,
  fields?: Record<string, string>,
): AcceptFailure => ({ ok: false, code, message, ...(fields ? { fields } : {}) });

/** Why an invitation that is no longer pending cannot be accepted. */
export const GONE: Record<'accepted' | 'canceled' | 'expired', AcceptFailure> = {
  accepted: fail('invitation_accepted', 'This invitation has already been accepted'),
  canceled: fail('invitation_canceled', 'This invitation was canceled'),
  expired: fail('invitation_expired', 'This invitation has expired; ask for a new one'),
};

/** The failure of a token that names no invitation, or an old link of one. */
export const invalidLink = () => fail('not_found', 'This invitation link is not valid');

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
    return invalidLink();
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
  return accountKind(open);
}

/** Whether accepting signs in to an account with a password or makes the account the person's. */
export const accountKind = (open: OpenInvitation): 'new' | 'existing' =>
  open.account?.passwordHash ? 'existing' : 'new';
