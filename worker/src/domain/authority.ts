/**
 * A link or a personal invitation carries its creator's authority at the moment it is used, not the moment it was
 * made: it works only while its creator could create it now — still an active member, in a role that may grant
 * what it grants, and, for a link made by a member, while the organization still lets members make links
 * (docs/SECURITY.md). One rule for both, decided by the same permission questions as creating them
 * (domain/permissions.ts), checked when the link or invitation is read and again inside the write that uses it.
 */
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { ROLES, type Role } from '../../../shared/api/common';
import type { OrgSettings } from '../../../shared/api/orgs';
import { memberships } from '../db/schema';
import { can, mayCreateLinkWith } from './permissions';

type LinkGrant = { role: 'admin' | 'member'; departmentId: string | null; requiresApproval: boolean };

/** The roles whose holder could make this link now, under these settings. */
export const rolesThatMayMakeLink = (link: LinkGrant, settings: OrgSettings): Role[] =>
  ROLES.filter((role) => mayCreateLinkWith({ userId: '', role }, settings, link));

/** The roles whose holder could send an invitation granting `role` now. */
export const rolesThatMayInvite = (role: Role): Role[] => ROLES.filter((r) => can.invite({ userId: '', role: r }, role));

/** Whether the creator's current role (null: no longer an active member) still covers it. */
export const stillAuthorized = (creatorRole: Role | null, roles: Role[]) => creatorRole !== null && roles.includes(creatorRole);

/** SQL: the creator is still an active member of the organization in one of `roles` (the guard inside the write). */
export const creatorStillAuthorized = (orgId: string, creatorId: string, roles: Role[]) =>
  roles.length === 0
    ? sql`0`
    : sql`EXISTS (SELECT 1 FROM ${memberships} WHERE ${and(eq(memberships.orgId, orgId), eq(memberships.userId, creatorId), eq(memberships.status, 'active'), inArray(memberships.role, roles))})`;

/**
 * SQL over `memberships`, for the row a single-use link activates: whoever sent the link (an admin's "send
 * invitation", a reviewer's approval; `action_tokens.created_by`) may still grant that row's role — the rule of
 * personal invitations, `rolesThatMayInvite` for each role. The system (null) needs no authority.
 */
export function senderStillGrants(orgId: string, senderId: string | null): SQL {
  if (senderId === null) return sql`1`;
  const byRole = sql.join(
    ROLES.map((role) => sql`WHEN ${role} THEN sender.role IN (${sql.join(rolesThatMayInvite(role).map((r) => sql`${r}`), sql`, `)})`),
    sql` `,
  );
  // `sender` is the sender's membership; the outer `memberships` row is the one being activated.
  return sql`EXISTS (SELECT 1 FROM ${memberships} AS sender WHERE sender.org_id = ${orgId} AND sender.user_id = ${senderId} AND sender.status = 'active'
    AND CASE ${memberships.role} ${byRole} ELSE 0 END)`;
}
