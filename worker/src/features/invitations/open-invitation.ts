/**
 * Opening a personal invitation from its token (the `/invite/:token` page and `/api/invite/:token`):
 * reading it changes nothing. Outcomes are values: the route and the page word them for their
 * readers. What the invitation's own link proves about its address decides whether accepting needs
 * a code (docs/SECURITY.md).
 */
import { outsideDomains, personAllowed } from '../../lib/email';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { OrgSettings } from '../../../../shared/api/orgs';
import type { ErrorCode } from '../../../../shared/errors';
import { invitations, memberships, organizations, users } from '../../db/schema';
import type { Services } from '../../env';
import { parseToken } from '../../lib/tokens';
import { enforceRateLimits, readWithinLimits, type RateLimitRule } from '../../lib/rate-limit';
import { signInAddress } from '../accounts/proof';

import { rolesThatMayInvite, stillAuthorized } from '../organizations/authority';
import { withDefaults } from '../organizations/orgs';
import type { QuotaHolder } from '../organizations/quota';
import type { BrandSource } from '../organizations/branding';
import { effectiveStatus, type InvitationRow } from './invitations';
import { memberName } from '../../db/member-names';
import { qualified } from '../../db/qualified';

export type UserRow = typeof users.$inferSelect;
export type AcceptFailure = {
  ok: false;
  code: ErrorCode;
  message: string;
  fields?: Record<string, string>;
  /**
   * An expired invitation's page offers to ask for a new one (features/renewals/): what that form
   * needs, read with the invitation.
   */
  offer?: { orgName: string; language: OrgSettings['language']; brand: BrandSource };
};
export type OpenInvitation = {
  ok: true;
  inv: InvitationRow;
  orgName: string;
  org: QuotaHolder;
  loginUrl: string | null;
  /** The organization's language and time zone: its page's fallback language, its dates' zone. */
  language: OrgSettings['language'];
  timeZone: string;
  /** The organization's logo and colour (features/organizations/branding.ts). */
  brand: BrandSource;
  inviterName: string;
  account: UserRow | null;
  /** The status of `account`'s membership in the organization (null: none). */
  accountMembership: MembershipStatus | null;
};

type MembershipStatus = (typeof memberships.$inferSelect)['status'];

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
const inviterMembership = alias(memberships, 'inviter_m');
const inviterAccount = alias(users, 'inviter_u');
const accountByEmail = alias(users, 'account_e');
const accountByPhone = alias(users, 'account_p');

/**
 * The invitation behind a token's id with everything its page and its acceptance read, in one
 * statement: the organization, the inviter's active membership there, and the invited address's
 * account — by e-mail, or for a phone-only invitation the person this organization already has
 * under that phone (added by hand or imported, still pending), so accepting activates them instead
 * of making a second person with the same phone, which the database refuses.
 */
function invitationStatement(s: Services, id: string) {
  return s.db
    .select({
      inv: invitations,
      orgName: organizations.name,
      settings: organizations.settings,
      logoEtag: organizations.logoEtag,
      org: {
        id: organizations.id,
        messagesPerHour: organizations.messagesPerHour,
        messagesPerDay: organizations.messagesPerDay,
      },
      inviter: {
        role: inviterMembership.role,
        firstName: inviterMembership.firstName,
        lastName: inviterMembership.lastName,
      },
      inviterName: inviterAccount.name,
      byEmail: accountByEmail,
      byPhone: accountByPhone,
      accountMembership: sql<MembershipStatus | null>`(SELECT am.status FROM ${memberships} am
        WHERE am.org_id = ${qualified(invitations.orgId)} AND am.user_id = coalesce(${qualified(accountByEmail.id)}, ${qualified(accountByPhone.id)}))`,
    })
    .from(invitations)
    .innerJoin(organizations, eq(organizations.id, invitations.orgId))
    .leftJoin(
      inviterMembership,
      and(
        eq(inviterMembership.orgId, invitations.orgId),
        eq(inviterMembership.userId, invitations.createdBy),
        eq(inviterMembership.status, 'active'),
      ),
    )
    .leftJoin(inviterAccount, eq(inviterAccount.id, inviterMembership.userId))
    .leftJoin(accountByEmail, eq(accountByEmail.email, invitations.email))
    .leftJoin(
      accountByPhone,
      and(
        isNull(invitations.email),
        eq(accountByPhone.phone, invitations.phone),
        isNull(accountByPhone.email),
        sql`EXISTS (SELECT 1 FROM ${memberships} am WHERE am.user_id = ${qualified(accountByPhone.id)} AND am.org_id = ${qualified(invitations.orgId)})`,
      ),
    )
    .where(eq(invitations.id, id))
    .limit(1);
}

/**
 * The invitation behind a token, and whether it can be accepted now: one round trip, with the
 * count of `limits` (an acceptance's: features/invitations/accept.ts) when given (429 past them).
 */
export async function openInvitation(
  s: Services,
  token: string,
  limits: RateLimitRule[] = [],
): Promise<OpenInvitation | AcceptFailure> {
  const parsed = parseToken(token);
  const t = s.now();
  if (!parsed) await enforceRateLimits(s.rateLimiter, limits, t);
  const [row] = parsed
    ? limits.length
      ? await readWithinLimits(s.rateLimiter, limits, t, s.db, invitationStatement(s, parsed.id))
      : await invitationStatement(s, parsed.id)
    : [];
  if (!parsed || !row || !(await s.tokens.matches('invitation', parsed, row.inv.tokenNonce)))
    return invalidLink();
  const status = effectiveStatus(row.inv, s.now());
  if (status === 'expired')
    return {
      ...GONE.expired,
      offer: {
        orgName: row.orgName,
        language: withDefaults(row.settings).language,
        brand: {
          id: row.org.id,
          name: row.orgName,
          settings: withDefaults(row.settings),
          logoEtag: row.logoEtag,
        },
      },
    };
  if (status !== 'pending') return GONE[status];
  // The invitation stands only while its sender may still send it.
  const { inviter } = row;
  if (
    !inviter ||
    row.inviterName === null ||
    !stillAuthorized(inviter.role, rolesThatMayInvite(row.inv.role))
  ) {
    return fail(
      'forbidden',
      'The person who sent this invitation can no longer invite you; ask them or an administrator for a new one',
    );
  }
  // The organization may have limited its domains since it was sent.
  const allowed = withDefaults(row.settings).allowedEmailDomains;
  if (!personAllowed(row.inv.email, allowed))
    return fail(
      'forbidden',
      `${outsideDomains(row.inv.email, allowed)}: this invitation no longer applies`,
    );
  return {
    ok: true,
    inv: row.inv,
    orgName: row.orgName,
    org: row.org,
    loginUrl: row.settings.loginUrl ?? null,
    language: withDefaults(row.settings).language,
    timeZone: withDefaults(row.settings).timeZone,
    brand: {
      id: row.org.id,
      name: row.orgName,
      settings: withDefaults(row.settings),
      logoEtag: row.logoEtag,
    },
    inviterName: memberName(inviter, { name: row.inviterName }),
    account: row.byEmail ?? row.byPhone ?? null,
    accountMembership: row.accountMembership,
  };
}

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
