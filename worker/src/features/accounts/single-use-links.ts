/**
 * Using the single-use links in messages (features/accounts/action-tokens.ts): opening one changes
 * nothing; using it is one guarded write (a second use finds it "already used") that, for an
 * organization's link, activates the pending membership in the same batch. The use cases of each
 * kind of link are in features/accounts/set-password.ts and features/accounts/confirm-joining.ts.
 *
 * A link proves the address it went to (`sent_to`, features/accounts/proof.ts), and joins its
 * organization only while whoever vouched for it could let the person in now
 * (features/organizations/authority.ts).
 */
import { personAllowed } from '../../lib/email';
import { memberJoinedEvent } from '../webhooks/events';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Role } from '../../../../shared/api/common';
import { parseToken } from '../../lib/tokens';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from '../../db/client';
import { actionTokens, inviteLinks, memberships, organizations, users } from '../../db/schema';
import type { Services } from '../../env';
import { AppError } from '../../errors';
import { activateMembership } from './activate-membership';
import { auditEvent } from '../organizations/audit';
import {
  addressStillAllowed,
  joinAuthorityHolds,
  joinAuthorityThrough,
  type ViaLink,
} from '../organizations/authority';
import {
  judgeActionToken,
  useActionToken,
  type ActionPurpose,
  type ActionToken,
} from './action-tokens';
import { markVerified } from './proof';
import { arrivalOrgColumns, withDefaults } from '../organizations/orgs';
import { isGuardFailure, unlessChanged } from '../../db/guarded';

/**
 * Why a link opens nothing: it is not valid, used or expired; whoever sent it can no longer let the
 * person in; it cannot do that to this account; or what it was for was withdrawn.
 */
export type RefusalReason =
  | 'not_found'
  | 'token_used'
  | 'link_expired'
  | 'sender_gone'
  | 'not_this_account'
  | 'withdrawn';

const REFUSALS = {
  not_found: ['not_found', 'This link is not valid'],
  token_used: ['token_used', 'This link has already been used'],
  link_expired: ['link_expired', 'This link has expired'],
  sender_gone: ['forbidden', 'The person who sent this link can no longer invite you'],
  not_this_account: ['conflict', "This link cannot set this account's password"],
  withdrawn: ['invitation_canceled', 'This invitation no longer applies'],
} as const;

/** A link that opens nothing; its page says why, and what to do next (features/accounts/views). */
export class LinkRefused extends AppError {
  constructor(readonly reason: RefusalReason) {
    super(REFUSALS[reason][0], REFUSALS[reason][1]);
  }
}

/** A column of the token's row, named with its table (for subqueries inside the statement). */
const tokenColumn = (name: string) => sql`${actionTokens}.${sql.identifier(name)}`;
const linkOrg = alias(organizations, 'link_org');

/**
 * The token's row with everything its pages and its use need, in one statement: the account, the
 * organization, the membership the link activates, and who vouched for it — the sender's active
 * role there, or the link it came through with that link's settings and its creator's active role.
 */
function linkStatement(db: Db, tokenId: string) {
  return db
    .select({
      row: actionTokens,
      user: users,
      org: arrivalOrgColumns,
      membershipStatus: memberships.status,
      membershipRole: memberships.role,
      senderRole: sql<Role | null>`(SELECT s.role FROM ${memberships} s
        WHERE s.org_id = ${tokenColumn('org_id')} AND s.user_id = ${tokenColumn('created_by')} AND s.status = 'active')`,
      via: inviteLinks,
      viaSettings: linkOrg.settings,
      creatorRole: sql<Role | null>`(SELECT c.role FROM ${memberships} c
        WHERE c.org_id = ${tokenColumn('org_id')} AND c.user_id = ${inviteLinks}.${sql.identifier('created_by')} AND c.status = 'active')`,
    })
    .from(actionTokens)
    .leftJoin(users, eq(users.id, actionTokens.userId))
    .leftJoin(organizations, eq(organizations.id, actionTokens.orgId))
    .leftJoin(
      memberships,
      and(eq(memberships.orgId, actionTokens.orgId), eq(memberships.userId, actionTokens.userId)),
    )
    .leftJoin(inviteLinks, eq(inviteLinks.id, actionTokens.viaLinkId))
    .leftJoin(linkOrg, eq(linkOrg.id, inviteLinks.orgId))
    .where(eq(actionTokens.id, tokenId))
    .limit(1);
}

type LinkRead = Awaited<ReturnType<typeof linkStatement>>[number];

/** The token's account, organization and membership, and whether its sender may still let in. */
function linkContext(read: LinkRead) {
  const { row, user, org } = read;
  const via: ViaLink | null = read.via ? { link: read.via, settings: read.viaSettings } : null;
  // Who vouched may still let them in, and the organization may still take their address.
  const authority = row.orgId
    ? sql`(${joinAuthorityThrough(row, via)} AND ${addressStillAllowed(row.orgId, user?.email ?? null)})`
    : joinAuthorityThrough(row, via);
  const pending = read.membershipStatus === 'pending';
  const vouched =
    pending &&
    joinAuthorityHolds(
      row,
      { activated: read.membershipRole, sender: read.senderRole, creator: read.creatorRole },
      via,
    );
  // Withdrawn, while who vouched still could: the link without approval it came through was
  // revoked, or the organization has limited its domains since and the address is outside them.
  const withdrawn =
    vouched &&
    (read.via?.revokedAt != null ||
      !personAllowed(user?.email ?? null, withDefaults(org?.settings).allowedEmailDomains));
  // A link may still make its holder a member while the membership is not pending, or whoever
  // vouched for it still may (authority.ts mayStillJoin, checked again by the write).
  const senderMay =
    !row.orgId || (read.membershipStatus !== null && (!pending || (vouched && !withdrawn)));
  return {
    user: user ?? null,
    account: user ? (user.email ?? user.phone ?? '') : '',
    org: org ?? null,
    membership: read.membershipStatus ?? null,
    senderMay,
    /** Withdrawn since it was sent (then `senderMay` is false): see `withdrawn` above. */
    withdrawn,
    authority,
  };
}

export type LinkInfo = ReturnType<typeof linkContext>;
export interface OpenLink {
  row: ActionToken;
  info: LinkInfo;
}

/**
 * The link behind a token from a URL, and what it concerns, in one round trip; refused when not
 * valid, used or expired.
 */
export async function openLink(
  s: Services,
  input: { purpose: ActionPurpose; token: string },
): Promise<OpenLink> {
  const parsed = parseToken(input.token);
  if (!parsed) throw new LinkRefused('not_found');
  const [read] = await linkStatement(s.db, parsed.id);
  const found = await judgeActionToken(s.tokens, input.purpose, parsed, read?.row, s.now());
  if (!found.ok || !read) throw new LinkRefused(found.ok ? 'not_found' : found.code);
  return { row: found.row, info: linkContext(read) };
}

/**
 * Uses the token and applies `effects` in one batch that rolls back unless this attempt was the one
 * that used it: `used` when it was already used (or expired) meanwhile, `changed` when a guard
 * among `effects` failed.
 */
export async function useToken(
  s: Services,
  row: ActionToken,
  authority: SQL,
  effects: (t: number) => BatchItem<'sqlite'>[],
): Promise<'ok' | 'used' | 'changed'> {
  const { db } = s;
  const t = s.now();
  const actions: Record<ActionPurpose, string> = {
    set_password: 'account.password_set',
    reset_password: 'account.password_reset',
    confirm_join: 'membership.confirm',
  };
  try {
    await db.batch([
      useActionToken(db, row.id, t),
      unlessChanged(db),
      ...effects(t),
      ...(row.sentTo ? [markVerified(db, row.userId, row.sentTo, t)] : []),
      ...(row.orgId
        ? [
            activateMembership(db, { orgId: row.orgId, userId: row.userId }, authority, t),
            memberJoinedEvent(db, { orgId: row.orgId, userId: row.userId }, t),
          ]
        : []),
      auditEvent(
        db,
        {
          orgId: row.orgId,
          actorId: row.userId,
          action: actions[row.purpose],
          targetType: 'user',
          targetId: row.userId,
        },
        t,
      ),
    ]);
    return 'ok';
  } catch (err) {
    const [now] = await db.select().from(actionTokens).where(eq(actionTokens.id, row.id)).limit(1);
    if (!now || now.usedAt !== null || now.expiresAt <= t) return 'used';
    if (isGuardFailure(err)) return 'changed';
    throw err;
  }
}
