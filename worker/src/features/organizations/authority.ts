/**
 * A link or a personal invitation carries its creator's authority at the moment it is used, not the
 * moment it was made: it works only while its creator could create it now — still an active member,
 * in a role that may grant what it grants, and, for a link made by a member, while the organization
 * still lets members make links (docs/SECURITY.md). A welcome a link without approval gave also
 * stops when the link is revoked. One rule for both, decided by the same
 * permission questions as creating them (features/organizations/permissions.ts), checked when the link or
 * invitation is read and again inside the write that uses it.
 */
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { ROLES, type Role } from '../../../../shared/api/common';
import type { OrgSettings } from '../../../../shared/api/orgs';
import type { Db } from '../../db/client';
import { inviteLinks, memberships, organizations } from '../../db/schema';
import { withDefaults } from './orgs';
import { can, mayCreateLinkWith } from './permissions';

type LinkGrant = {
  role: 'admin' | 'member';
  departmentId: string | null;
  requiresApproval: boolean;
};

/** The roles whose holder could make this link now, under these settings. */
export const rolesThatMayMakeLink = (link: LinkGrant, settings: OrgSettings): Role[] =>
  ROLES.filter((role) => mayCreateLinkWith({ userId: '', role }, settings, link));

/** The roles whose holder could send an invitation granting `role` now. */
export const rolesThatMayInvite = (role: Role): Role[] =>
  ROLES.filter((r) => can.invite({ role: r }, role));

/** Whether the creator's current role (null: no longer an active member) still covers it. */
export const stillAuthorized = (creatorRole: Role | null, roles: Role[]) =>
  creatorRole !== null && roles.includes(creatorRole);

/**
 * SQL: the creator is still an active member of the organization in one of `roles` (the guard
 * inside the write).
 */
export const creatorStillAuthorized = (orgId: string, creatorId: string, roles: Role[]) =>
  roles.length === 0
    ? sql`0`
    : sql`EXISTS (SELECT 1 FROM ${memberships} WHERE ${and(eq(memberships.orgId, orgId), eq(memberships.userId, creatorId), eq(memberships.status, 'active'), inArray(memberships.role, roles))})`;

/**
 * SQL over `memberships`, for the row a single-use link activates: whoever sent the link (an
 * admin's "send invitation", a reviewer's approval; `action_tokens.created_by`) may still grant
 * that row's role — the rule of personal invitations, `rolesThatMayInvite` for each role. The
 * system (null) needs no authority.
 */
export function senderStillGrants(orgId: string, senderId: string | null): SQL {
  if (senderId === null) return sql`1`;
  const byRole = sql.join(
    ROLES.map(
      (role) =>
        sql`WHEN ${role} THEN sender.role IN (${sql.join(
          rolesThatMayInvite(role).map((r) => sql`${r}`),
          sql`, `,
        )})`,
    ),
    sql` `,
  );
  // `sender` is the sender's membership; the outer `memberships` row is the one being activated.
  return sql`EXISTS (SELECT 1 FROM ${memberships} AS sender WHERE sender.org_id = ${orgId} AND sender.user_id = ${senderId} AND sender.status = 'active'
    AND CASE ${memberships.role} ${byRole} ELSE 0 END)`;
}

/**
 * SQL: the organization `orgId` may take a person with this address (lib/email.ts `personAllowed`,
 * against the `allowedEmailDomains` it has now): the guard inside the write that activates them.
 */
export function addressStillAllowed(orgId: string, email: string | null): SQL {
  const domain =
    email === null ? sql`NULL` : sql`${email.slice(email.lastIndexOf('@') + 1).toLowerCase()}`;
  // Names spelled out: inside another table's statement a bare column would mean that table's.
  return sql`EXISTS (SELECT 1 FROM ${organizations} allowed_org WHERE allowed_org.id = ${orgId}
    AND (coalesce(json_array_length(allowed_org.settings, '$.allowedEmailDomains'), 0) = 0
      OR EXISTS (SELECT 1 FROM json_each(allowed_org.settings, '$.allowedEmailDomains') d WHERE d.value = ${domain})))`;
}

/** A single-use link that may make its holder a member: who vouched for it (`action_tokens`). */
export type Vouched = { orgId: string | null; createdBy: string | null; viaLinkId: string | null };

/**
 * SQL over `memberships`, for the row the link activates: whoever vouched for it may still let the
 * person in. A sender (an admin's "send invitation", a reviewer's approval) by the
 * personal-invitation rule; the welcome after a link without approval by the link's own rule, as
 * its creator could make it now under today's settings (a member may, where the organization lets
 * members make links without approval); the system alone needs nothing.
 */
export async function joinAuthority(db: Db, token: Vouched): Promise<SQL> {
  if (!token.orgId || !token.viaLinkId) return joinAuthorityThrough(token, null);
  const [row] = await db
    .select({ link: inviteLinks, settings: organizations.settings })
    .from(inviteLinks)
    .innerJoin(organizations, eq(organizations.id, inviteLinks.orgId))
    .where(eq(inviteLinks.id, token.viaLinkId))
    .limit(1);
  return joinAuthorityThrough(token, row ?? null);
}

/** The link a welcome came through (`viaLinkId`) with its organization's settings, as read. */
export type ViaLink = {
  link: LinkGrant & { createdBy: string; revokedAt: number | null };
  settings: OrgSettings | null;
};

/** SQL: the link has not been revoked (checked again inside the write, as revoking may race it). */
const notRevoked = (linkId: string) =>
  sql`NOT EXISTS (SELECT 1 FROM ${inviteLinks} WHERE ${inviteLinks.id} = ${linkId} AND ${inviteLinks.revokedAt} IS NOT NULL)`;

/** `joinAuthority` with the link the token came through already read (null: none found). */
export function joinAuthorityThrough(token: Vouched, via: ViaLink | null): SQL {
  if (!token.orgId) return sql`1`;
  if (!token.viaLinkId) return senderStillGrants(token.orgId, token.createdBy);
  // Revoking the link stops the welcomes it gave that were not used yet, as its creator losing
  // the authority to make it does (docs/SECURITY.md).
  if (!via || via.link.revokedAt !== null) return sql`0`;
  return sql`(${creatorStillAuthorized(
    token.orgId,
    via.link.createdBy,
    rolesThatMayMakeLink(via.link, withDefaults(via.settings)),
  )} AND ${notRevoked(token.viaLinkId)})`;
}

/**
 * Whether that authority holds, from what was read with the token: the activated membership's role,
 * the sender's and the link creator's active roles in the token's organization (null: none). The
 * same rule as the SQL of `joinAuthorityThrough`, which the write that uses the token checks again.
 */
export function joinAuthorityHolds(
  token: Vouched,
  roles: { activated: Role | null; sender: Role | null; creator: Role | null },
  via: ViaLink | null,
): boolean {
  if (!token.orgId) return true;
  if (!token.viaLinkId) {
    if (token.createdBy === null) return true;
    return (
      roles.activated !== null &&
      roles.sender !== null &&
      rolesThatMayInvite(roles.activated).includes(roles.sender)
    );
  }
  // A revoked link is refused by its reader as withdrawn (accounts/single-use-links.ts) and by the
  // SQL above; here only who vouched.
  if (!via) return false;
  return stillAuthorized(roles.creator, rolesThatMayMakeLink(via.link, withDefaults(via.settings)));
}

/**
 * Whether the link may still make its holder a member of its organization now (an active or absent
 * membership: yes).
 */
export async function mayStillJoin(
  db: Db,
  token: Vouched & { userId: string },
  authority: SQL,
): Promise<boolean> {
  if (!token.orgId) return true;
  const [row] = await db
    .select({ yes: sql<number>`1` })
    .from(memberships)
    .where(
      and(
        eq(memberships.orgId, token.orgId),
        eq(memberships.userId, token.userId),
        sql`(${memberships.status} <> 'pending' OR ${authority})`,
      ),
    )
    .limit(1);
  return row !== undefined;
}
