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
import { and, eq, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from '../../db/client';
import { actionTokens, memberships, organizations, users } from '../../db/schema';
import type { Services } from '../../env';
import { AppError } from '../../errors';
import { activateMembership } from './activate-membership';
import { auditEvent } from '../organizations/audit';
import { joinAuthority, mayStillJoin } from '../organizations/authority';
import {
  findActionToken,
  useActionToken,
  type ActionPurpose,
  type ActionToken,
} from './action-tokens';
import { markVerified } from './proof';
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

/** The token's account, organization and membership, and whether its sender may still let in. */
async function linkContext(db: Db, row: ActionToken) {
  const [user] = await db.select().from(users).where(eq(users.id, row.userId)).limit(1);
  const [org] = row.orgId
    ? await db
        .select({
          id: organizations.id,
          name: organizations.name,
          settings: organizations.settings,
          messagesPerHour: organizations.messagesPerHour,
          messagesPerDay: organizations.messagesPerDay,
        })
        .from(organizations)
        .where(eq(organizations.id, row.orgId))
        .limit(1)
    : [];
  const [membership] = row.orgId
    ? await db
        .select({ status: memberships.status, role: memberships.role })
        .from(memberships)
        .where(and(eq(memberships.orgId, row.orgId), eq(memberships.userId, row.userId)))
        .limit(1)
    : [];
  const authority = await joinAuthority(db, row);
  const senderMay = await mayStillJoin(db, row, authority);
  return {
    user: user ?? null,
    account: user ? (user.email ?? user.phone ?? '') : '',
    org: org ?? null,
    membership: membership?.status ?? null,
    senderMay,
    authority,
  };
}

export type LinkInfo = Awaited<ReturnType<typeof linkContext>>;
export interface OpenLink {
  row: ActionToken;
  info: LinkInfo;
}

/**
 * The link behind a token from a URL, and what it concerns; refused when not valid, used or
 * expired.
 */
export async function openLink(
  s: Services,
  input: { purpose: ActionPurpose; token: string },
): Promise<OpenLink> {
  const found = await findActionToken(s.db, s.tokens, input.purpose, input.token, s.now());
  if (!found.ok) throw new LinkRefused(found.code);
  return { row: found.row, info: await linkContext(s.db, found.row) };
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
        ? [activateMembership(db, { orgId: row.orgId, userId: row.userId }, authority, t)]
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
