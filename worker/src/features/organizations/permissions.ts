/**
 * Every role rule of docs/DESIGN.md §2 in one place. Routes ask these questions; none compares roles
 * itself.
 */
import { ROLES, type Role } from '../../../../shared/api/common';
import { OWNER_ONLY_SETTINGS, type OrgSettings } from '../../../../shared/api/orgs';
import { forbidden } from '../../errors';

export interface Actor {
  /** The person acting, or whose API key acts (what they create is theirs). */
  userId: string;
  role: Role;
  /** The API key acting for `userId` (features/api-keys/), which the audit log names instead. */
  apiKeyId?: string;
}

/** The caller's role, for rules that ask nothing else (a read's statement knows no more yet). */
type Roled = Pick<Actor, 'role'>;

const isAdmin = (a: Roled) => a.role === 'owner' || a.role === 'admin';

export const can = {
  /** Create a general link (member role, approval as the organization decides). */
  createLink: (a: Roled, s: OrgSettings) => isAdmin(a) || s.allowMemberLinks,
  /** Choose a link's role and department, and turn approval off. */
  chooseLinkOptions: (a: Roled) => isAdmin(a),
  /** Revoke a link: your own, or anyone's as an admin. */
  revokeLink: (a: Actor, link: { createdBy: string }) => isAdmin(a) || link.createdBy === a.userId,
  /** See a link (its URL, QR code, who joined): your own, or anyone's as an admin. */
  seeLink: (a: Actor, link: { createdBy: string }) => isAdmin(a) || link.createdBy === a.userId,
  /** List every link of the organization (others list their own). */
  seeAllLinks: (a: Roled) => isAdmin(a),
  /** See every application and approve or reject them. */
  reviewApplications: (a: Roled) => isAdmin(a),
  /** Send a personal invitation granting this role: only an owner invites an owner. */
  invite: (a: Roled, role: Role) => a.role === 'owner' || (a.role === 'admin' && role !== 'owner'),
  /** Resend, cancel or change the workspaces of an invitation granting this role. */
  manageInvitation: (a: Roled, invitation: { role: Role }) =>
    a.role === 'owner' || (a.role === 'admin' && invitation.role !== 'owner'),
  /**
   * See every pending invitation (others see their own, and managers those of their workspaces).
   */
  seeAllInvitations: (a: Roled) => isAdmin(a),
  /** Add, import, invite, edit or delete a user holding this role. */
  manageMember: (a: Roled, target: { role: Role }) =>
    a.role === 'owner' || (a.role === 'admin' && target.role !== 'owner'),
  /** Change these settings. */
  changeSettings: (a: Roled, keys: (keyof OrgSettings)[]) =>
    a.role === 'owner' ||
    (a.role === 'admin' &&
      !keys.some((k) => (OWNER_ONLY_SETTINGS as readonly string[]).includes(k))),
  /** See the organization's settings. */
  seeSettings: (a: Roled) => isAdmin(a),
  /** Departments and workspaces. */
  manageStructure: (a: Roled) => isAdmin(a),
  /** Members list, search and audit log. */
  seeMembers: (a: Roled) => isAdmin(a),
  readAudit: (a: Roled) => isAdmin(a),
  /**
   * See, renew or dismiss a renewal (an expiry notice, a request for a new invitation): one of your
   * own invitations or links, or anyone's as an admin. Renewing with an invitation also asks `invite`.
   */
  seeRenewal: (a: Actor, renewal: { ownerId: string }) =>
    isAdmin(a) || renewal.ownerId === a.userId,
  /** See every renewal of the organization (others see those of their own invitations and links). */
  seeAllRenewals: (a: Roled) => isAdmin(a),
  /** See, create and revoke the organization's API keys (people only: features/api-keys/). */
  manageApiKeys: (a: Roled) => isAdmin(a),
  /** Create a key holding `role`: never `owner`, and never above the creator's own role. */
  createApiKey: (a: Roled, role: Role) =>
    isAdmin(a) && role !== 'owner' && ROLES.indexOf(role) >= ROLES.indexOf(a.role),
  /** Register, see, change and test the organization's webhook endpoints. */
  manageWebhooks: (a: Roled) => isAdmin(a),
} as const;

/**
 * Whether `a` may make a link with these options: members make member links only, in no department,
 * with approval unless the organization turned `memberLinksRequireApproval` off. Asked when a link
 * is made and whenever it is used (features/organizations/authority.ts).
 */
export function mayCreateLinkWith(
  a: Actor,
  s: OrgSettings,
  link: { role: 'admin' | 'member'; departmentId: string | null; requiresApproval: boolean },
): boolean {
  if (!can.createLink(a, s)) return false;
  if (can.chooseLinkOptions(a)) return true;
  return (
    link.role === 'member' &&
    link.departmentId === null &&
    (link.requiresApproval || !s.memberLinksRequireApproval)
  );
}

/** Throws 403 unless the answer is yes. */
export function ensure(allowed: boolean, message?: string): void {
  if (!allowed) throw forbidden(message);
}
