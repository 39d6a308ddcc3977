/**
 * General invitation links: their state, their URL and the rules for the options a creator may
 * choose. The URL's token is `<link id>.<HMAC(TOKEN_SECRET, link:id:nonce)>` (lib/tokens.ts): the
 * database holds only the nonce, so a copy of it yields no working link, and the URL can be shown
 * again to whoever may see the link. Revoking keeps the nonce, so an old URL still finds its link
 * and can say "revoked" instead of "unknown".
 */
import { and, eq, gt, isNull, lt, or, type SQL } from 'drizzle-orm';
import type { CreateLinkRequest, LinkDto, LinkStatus } from '../../../../shared/api/links';
import type { OrgSettings } from '../../../../shared/api/orgs';
import type { Db } from '../../db/client';
import { isoOrNull, iso } from '../../db/pagination';
import type { Role } from '../../../../shared/api/common';
import { inviteLinks, memberships, organizations, users } from '../../db/schema';
import { AppError } from '../../errors';
import { parseToken, type TokenKit } from '../../lib/tokens';
import { HOUR_MS } from '../../lib/time';
import { newId, newNonce } from '../../lib/ids';
import { arrivalOrgColumns, withDefaults } from '../organizations/orgs';
import { rolesThatMayMakeLink, stillAuthorized } from '../organizations/authority';
import { can, ensure, mayCreateLinkWith, type Actor } from '../organizations/permissions';
import { checkDepartment, refuseUnknownDepartment } from '../organizations/reference-checks';

export type LinkRow = typeof inviteLinks.$inferSelect;
export type LinkFailure = 'link_revoked' | 'link_expired' | 'link_exhausted';

export function linkStatus(
  link: Pick<LinkRow, 'revokedAt' | 'expiresAt' | 'maxUses' | 'useCount'>,
  now: number,
): LinkStatus {
  if (link.revokedAt !== null) return 'revoked';
  if (link.expiresAt !== null && link.expiresAt <= now) return 'expired';
  if (link.maxUses !== null && link.useCount >= link.maxUses) return 'exhausted';
  return 'active';
}

export const FAILURE_OF: Record<Exclude<LinkStatus, 'active'>, LinkFailure> = {
  // A link whose creator lost the authority answers as a turned-off one (features/organizations/authority.ts).
  suspended: 'link_revoked',
  revoked: 'link_revoked',
  expired: 'link_expired',
  exhausted: 'link_exhausted',
};

/** SQL over `invite_links`: the link can take one more use at `now`. The guard of every join. */
export const usableAt = (now: number): SQL =>
  and(
    isNull(inviteLinks.revokedAt),
    or(isNull(inviteLinks.expiresAt), gt(inviteLinks.expiresAt, now)),
    or(isNull(inviteLinks.maxUses), lt(inviteLinks.useCount, inviteLinks.maxUses)),
  )!;

export const linkUrl = async (
  tokens: TokenKit,
  publicUrl: string,
  link: Pick<LinkRow, 'id' | 'tokenNonce'>,
) => `${publicUrl}/join/${await tokens.derive('link', link.id, link.tokenNonce)}`;

/**
 * The link as its organization's people see it; `creator.role` is the creator's role now (null: no
 * longer a member).
 */
export async function toLinkDto(
  tokens: TokenKit,
  publicUrl: string,
  link: LinkRow,
  creator: { name: string; role: Role | null },
  settings: OrgSettings,
  now: number,
): Promise<LinkDto> {
  const status = linkStatus(link, now);
  const suspended =
    status === 'active' && !stillAuthorized(creator.role, rolesThatMayMakeLink(link, settings));
  return {
    id: link.id,
    url: await linkUrl(tokens, publicUrl, link),
    status: suspended ? 'suspended' : status,
    expiresAt: isoOrNull(link.expiresAt),
    departmentId: link.departmentId,
    role: link.role,
    requiresApproval: link.requiresApproval,
    maxUses: link.maxUses,
    useCount: link.useCount,
    revokedAt: isoOrNull(link.revokedAt),
    createdBy: { id: link.createdBy, name: creator.name },
    createdAt: iso(link.createdAt),
  };
}

export interface JoinTarget {
  link: LinkRow;
  org: {
    id: string;
    name: string;
    settings: OrgSettings;
    messagesPerHour: number | null;
    messagesPerDay: number | null;
    /** The uploaded logo's version (features/organizations/branding.ts); null: none. */
    logoEtag: string | null;
  };
  inviterName: string;
  /**
   * The roles whose holder could make this link now; the creator must still hold one
   * (features/organizations/authority.ts).
   */
  creatorRoles: Role[];
}

export type LinkLookup =
  | { ok: true; target: JoinTarget }
  | { ok: false; code: 'not_found' }
  | { ok: false; code: LinkFailure; target: JoinTarget };

/**
 * The link behind a token from a URL, and whether it can be used now. Changes nothing; never throws
 * on bad input.
 */
export async function lookupLink(
  db: Db,
  tokens: TokenKit,
  token: string,
  now: number,
): Promise<LinkLookup> {
  const parsed = parseToken(token);
  if (!parsed) return { ok: false, code: 'not_found' };
  return judgeLink(tokens, parsed, await linkStatement(db, parsed.id), now);
}

/**
 * The link with this id, its organization and its creator, in one statement (it may travel with
 * other statements of the request: features/joining/apply.ts); `judgeLink` says what it means for
 * a token.
 */
export function linkStatement<X extends Record<string, SQL>>(
  db: Db,
  id: string,
  extra: X = {} as X,
) {
  return db
    .select({
      ...extra,
      link: inviteLinks,
      org: arrivalOrgColumns,
      inviterName: users.name,
      creatorRole: memberships.role,
      creatorFirst: memberships.firstName,
      creatorLast: memberships.lastName,
    })
    .from(inviteLinks)
    .innerJoin(organizations, eq(organizations.id, inviteLinks.orgId))
    .innerJoin(users, eq(users.id, inviteLinks.createdBy))
    .leftJoin(
      memberships,
      and(
        eq(memberships.orgId, inviteLinks.orgId),
        eq(memberships.userId, inviteLinks.createdBy),
        eq(memberships.status, 'active'),
      ),
    )
    .where(eq(inviteLinks.id, id))
    .limit(1);
}

/** What `linkStatement` read means for the token: its link and whether it can be used now. */
export async function judgeLink(
  tokens: TokenKit,
  parsed: NonNullable<ReturnType<typeof parseToken>>,
  rows: Awaited<ReturnType<typeof linkStatement>>,
  now: number,
): Promise<LinkLookup> {
  const [row] = rows;
  if (!row || !(await tokens.matches('link', parsed, row.link.tokenNonce)))
    return { ok: false, code: 'not_found' };
  const { creatorRole, creatorFirst, creatorLast, ...rest } = row;
  const settings = withDefaults(row.org.settings);
  // The inviter as this organization knows them (features/members/members.ts memberName).
  const inviterName = [creatorFirst, creatorLast].filter(Boolean).join(' ') || row.inviterName;
  const target: JoinTarget = {
    ...rest,
    inviterName,
    org: { ...row.org, settings },
    creatorRoles: rolesThatMayMakeLink(row.link, settings),
  };
  // A link its creator could no longer make is turned off, as a revoked one is.
  if (!stillAuthorized(creatorRole, target.creatorRoles))
    return { ok: false, code: 'link_revoked', target };
  const status = linkStatus(row.link, now);
  return status === 'active'
    ? { ok: true, target }
    : { ok: false, code: FAILURE_OF[status], target };
}

/** A new link of `orgId` made by `actor` at `t` with the options `linkOptions` allowed. */
export const newLinkRow = (
  orgId: string,
  actor: Actor,
  options: Awaited<ReturnType<typeof linkOptions>>,
  t: number,
): LinkRow => ({
  id: newId(),
  orgId,
  createdBy: actor.userId,
  tokenNonce: newNonce(),
  useCount: 0,
  revokedAt: null,
  revokedBy: null,
  createdAt: t,
  ...options,
});

/**
 * The link a caller may create from a request: members create member links only, in no department,
 * with approval unless the organization turned `memberLinksRequireApproval` off; the validity is
 * bounded by `linkMaxTtlHours`.
 */
export async function linkOptions(
  db: Db,
  actor: Actor,
  orgId: string,
  settings: OrgSettings,
  body: CreateLinkRequest,
  now: number,
  /** Whether the department exists, when the caller read it already (else it is read here). */
  departmentKnown?: boolean,
) {
  ensure(
    can.createLink(actor, settings),
    'Your organization does not let members create invitation links',
  );
  const admin = can.chooseLinkOptions(actor);
  const role = body.role ?? 'member';
  const departmentId = body.departmentId ?? null;
  if (!admin && (role !== 'member' || departmentId !== null))
    ensure(false, 'Only administrators may choose the role or department of a link');
  const approvalForced = !admin && settings.memberLinksRequireApproval;
  if (approvalForced && body.requiresApproval === false)
    ensure(false, 'Links made by members require approval in this organization');
  const max = settings.linkMaxTtlHours;
  if (body.expiresInHours === null && max !== null) {
    throw new AppError('invalid_input', `Links must expire within ${max} hours`, {
      expiresInHours: `must be at most ${max}; "never" is not allowed`,
    });
  }
  if (body.expiresInHours !== null && max !== null && body.expiresInHours > max) {
    throw new AppError('invalid_input', `Links must expire within ${max} hours`, {
      expiresInHours: `must be at most ${max}`,
    });
  }
  if (departmentKnown === undefined) await checkDepartment(db, orgId, departmentId);
  else if (departmentId !== null) refuseUnknownDepartment(departmentId, departmentKnown);
  const options = {
    role,
    departmentId,
    requiresApproval: approvalForced ? true : (body.requiresApproval ?? true),
    maxUses: body.maxUses ?? null,
    expiresAt: body.expiresInHours === null ? null : now + body.expiresInHours * HOUR_MS,
  };
  // The rule a link is held to whenever it is used, by construction true of every link made here.
  ensure(mayCreateLinkWith(actor, settings, options));
  return options;
}
