/**
 * Revoking links. Revoked links stop working at once: every join checks `revoked_at` in the same
 * guarded write that spends the use. Revoking one link may also remove everyone who joined through
 * it (their membership, workspace grants and unused single-use links; its pending applications are
 * rejected); "reset all" revokes every link the caller created.
 */
import { linksRevokedEvents, webhookEvents } from '../webhooks/events';
import { and, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { RevokeLinkResponse } from '../../../../shared/api/links';
import type { Db } from '../../db/client';
import {
  actionTokens,
  applications,
  inviteLinks,
  memberships,
  workspaceMembers,
} from '../../db/schema';
import type { Services } from '../../env';
import { auditActor, auditEvent } from '../organizations/audit';
import { can, ensure } from '../organizations/permissions';
import type { LinkRow } from './links';
import { creatorOf, orgLinkDto, type LinkCaller } from './org-link';
import { qualified } from '../../db/qualified';
import { notFound } from '../../errors';

export interface RevokeLinkInput extends LinkCaller {
  id: string;
  /** Also remove the people who joined through the link (never an owner). */
  removeJoined: boolean;
}

/** The memberships that joined through the link and that removing its joiners removes. */
const joinedThrough = (link: LinkRow) =>
  and(
    eq(memberships.orgId, link.orgId),
    eq(memberships.linkId, link.id),
    ne(memberships.role, 'owner'),
  );

/** The statements that remove the link's joiners `userIds` and reject its pending applications. */
function removalOf(db: Db, link: LinkRow, actorId: string, userIds: string[], t: number) {
  return [
    db.delete(memberships).where(joinedThrough(link)),
    db
      .update(applications)
      .set({
        status: 'rejected',
        reviewerId: actorId,
        reviewedAt: t,
        reason: 'The invitation link was revoked',
      })
      .where(and(eq(applications.linkId, link.id), eq(applications.status, 'pending'))),
    ...(userIds.length
      ? [
          db
            .delete(workspaceMembers)
            .where(
              and(
                eq(workspaceMembers.orgId, link.orgId),
                inArray(workspaceMembers.userId, userIds),
              ),
            ),
          db
            .update(actionTokens)
            .set({ usedAt: t })
            .where(
              and(
                eq(actionTokens.orgId, link.orgId),
                inArray(actionTokens.userId, userIds),
                isNull(actionTokens.usedAt),
              ),
            ),
        ]
      : []),
  ];
}

/**
 * What revoking reads, in one statement that travels with the caller's lookup
 * (http/read-as-member.ts): the link with its creator, and who joined through it (never an owner).
 */
export const linkToRevoke = (s: Services, orgId: string, id: string) =>
  s.db
    .select({
      link: inviteLinks,
      creator: creatorOf,
      joined: sql<string>`(SELECT json_group_array(j.user_id) FROM ${memberships} j
        WHERE j.org_id = ${qualified(inviteLinks.orgId)} AND j.link_id = ${qualified(inviteLinks.id)} AND j.role <> 'owner')`,
    })
    .from(inviteLinks)
    .where(and(eq(inviteLinks.id, id), eq(inviteLinks.orgId, orgId)))
    .limit(1);

export async function revokeLink(
  s: Services,
  input: RevokeLinkInput,
  read?: Awaited<ReturnType<typeof linkToRevoke>>,
): Promise<RevokeLinkResponse> {
  const { db } = s;
  const { org, actor, removeJoined } = input;
  const [found] = read ?? (await linkToRevoke(s, org.id, input.id));
  if (!found) throw notFound('Link');
  const { link, creator } = found;
  ensure(can.revokeLink(actor, link), 'Only administrators may revoke links made by others');
  if (removeJoined)
    ensure(
      can.manageMember(actor, { role: link.role }),
      'Only administrators may remove the people who joined through a link',
    );
  const t = s.now();
  const userIds = removeJoined ? (JSON.parse(found.joined) as string[]) : [];
  const revokedAt = link.revokedAt ?? t;
  await db.batch([
    db
      .update(inviteLinks)
      .set({ revokedAt, revokedBy: actor.userId })
      .where(and(eq(inviteLinks.id, link.id), isNull(inviteLinks.revokedAt))),
    // Only when this revoked it (an earlier revoke made its event).
    webhookEvents(
      db,
      org,
      'link.revoked',
      {
        link: { id: link.id, role: link.role, createdBy: link.createdBy },
        removeJoined,
        removedUserIds: userIds,
      },
      actor,
      t,
      { when: sql`changes() > 0` },
    ),
    ...(removeJoined ? removalOf(db, link, actor.userId, userIds, t) : []),
    auditEvent(
      db,
      {
        orgId: link.orgId,
        actorId: auditActor(actor),
        action: 'link.revoke',
        targetType: 'link',
        targetId: link.id,
        detail: { removeJoined, removedUserIds: userIds },
      },
      t,
    ),
  ]);
  const revoked = { ...link, revokedAt, revokedBy: link.revokedBy ?? actor.userId };
  return { ...(await orgLinkDto(s, org, revoked, creator)), removedMembers: userIds.length };
}

/** "Reset all": revokes every link of the organization the caller created; how many it revoked. */
export async function revokeMyLinks(
  s: Services,
  { org, actor }: LinkCaller,
): Promise<{ revoked: number }> {
  const { db } = s;
  const me = actor.userId;
  const t = s.now();
  const [, revoked] = await db.batch([
    linksRevokedEvents(db, org.id, sql`r.created_by = ${me}`, actor, t),
    db
      .update(inviteLinks)
      .set({ revokedAt: t, revokedBy: me })
      .where(
        and(
          eq(inviteLinks.orgId, org.id),
          eq(inviteLinks.createdBy, me),
          isNull(inviteLinks.revokedAt),
        ),
      )
      .returning({ id: inviteLinks.id }),
    auditEvent(
      db,
      {
        orgId: org.id,
        actorId: auditActor(actor),
        action: 'link.reset',
        targetType: 'user',
        targetId: me,
      },
      t,
    ),
  ]);
  return { revoked: revoked.length };
}
