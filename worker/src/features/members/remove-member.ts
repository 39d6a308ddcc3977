/**
 * Removing a person from the organization. Admins remove anyone but owners; only an owner removes
 * an owner, and the last owner stays (owners.ts). It ends the person's access at once (requireOrg
 * finds no membership on their next request) and revokes what they left open: their links, the
 * invitations they sent or that were sent to them, and the set-password / confirm links the
 * organization sent them.
 */
import {
  invitationRowData,
  linksRevokedEvents,
  webhookEvents,
  webhookEventsEach,
} from '../webhooks/events';
import { and, eq, isNull, or, sql } from 'drizzle-orm';
import {
  actionTokens,
  invitations,
  inviteLinks,
  memberships,
  workspaceMembers,
} from '../../db/schema';
import type { OrgState, Services } from '../../env';
import { auditActor, auditEvent } from '../organizations/audit';
import { can, ensure, type Actor } from '../organizations/permissions';
import { findMember, type MemberRow } from './members';
import { keepAnOwner, keepingAnOwner, losesOwner, ownerRemains } from './owners';

export async function deleteMember(
  s: Services,
  input: { org: OrgState; actor: Actor; userId: string },
  found?: MemberRow[],
): Promise<void> {
  const { org, actor, userId } = input;
  const { db } = s;
  const { m, u } = await findMember(db, org.id, userId, found);
  ensure(can.manageMember(actor, m), 'Only an owner can remove an owner');
  await keepAnOwner(db, org.id, m, true);
  const t = s.now();
  const addressed = u.email
    ? or(eq(invitations.email, u.email), eq(invitations.userId, userId))
    : eq(invitations.userId, userId);
  await keepingAnOwner(db, org.id, m, true, () =>
    db.batch([
      db
        .delete(memberships)
        .where(and(eq(memberships.orgId, org.id), eq(memberships.userId, userId))),
      ...(losesOwner(m, true) ? [ownerRemains(db, org.id)] : []),
      // Workspace roles belong to the account (workspace_members has no foreign key to the
      // membership), so no ON DELETE action takes them with it.
      db
        .delete(workspaceMembers)
        .where(and(eq(workspaceMembers.orgId, org.id), eq(workspaceMembers.userId, userId))),
      // What removing them revokes and cancels reports itself too, read before it changes.
      linksRevokedEvents(db, org.id, sql`r.created_by = ${userId}`, actor, t),
      webhookEventsEach(
        db,
        'invitation.canceled',
        {
          from: sql`invitations`,
          where: sql`r.org_id = ${org.id} AND r.status = 'pending'
            AND (r.created_by = ${userId} OR r.user_id = ${userId}${u.email ? sql` OR r.email = ${u.email}` : sql``})`,
          data: invitationRowData,
        },
        { ...actor, orgId: org.id },
        t,
      ),
      db
        .update(inviteLinks)
        .set({ revokedAt: t, revokedBy: actor.userId })
        .where(
          and(
            eq(inviteLinks.orgId, org.id),
            eq(inviteLinks.createdBy, userId),
            isNull(inviteLinks.revokedAt),
          ),
        ),
      db
        .update(invitations)
        .set({ status: 'canceled', canceledAt: t, canceledBy: actor.userId, updatedAt: t })
        .where(
          and(
            eq(invitations.orgId, org.id),
            eq(invitations.status, 'pending'),
            or(eq(invitations.createdBy, userId), addressed),
          ),
        ),
      db
        .update(actionTokens)
        .set({ usedAt: t })
        .where(
          and(
            eq(actionTokens.orgId, org.id),
            eq(actionTokens.userId, userId),
            isNull(actionTokens.usedAt),
          ),
        ),
      auditEvent(
        db,
        {
          orgId: org.id,
          actorId: auditActor(actor),
          action: 'member.delete',
          targetType: 'user',
          targetId: userId,
          detail: { email: u.email, role: m.role },
        },
        t,
      ),
      webhookEvents(
        db,
        org,
        'member.removed',
        { member: { userId, role: m.role, email: u.email } },
        actor,
        t,
      ),
    ]),
  );
}
