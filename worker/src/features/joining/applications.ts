/**
 * Applications to join through a general link: the list (admins see all; others see those from
 * their own links, read-only), and the two reviews. A review is one guarded write (`… WHERE status
 * = 'pending'`), so of two admins approving at once one wins and the other gets `already_reviewed`;
 * approval's effects ride in the same batch.
 */
import { refuseOutsideDomains } from '../organizations/reference-checks';
import { webhookEvents } from '../webhooks/events';
import { and, eq, sql } from 'drizzle-orm';
import type { ApplicationDto, ApproveResponse } from '../../../../shared/api/applications';
import type { Db } from '../../db/client';
import { iso, isoOrNull } from '../../db/pagination';
import { applications, auditEvents, inviteLinks, memberships, users } from '../../db/schema';
import type { OrgState, Services } from '../../env';
import { AppError, notFound } from '../../errors';
import { existsWhere, insertWhere } from '../../db/guarded';
import { approvalEffects } from './approval';

import { auditActor } from '../organizations/audit';
import { withDefaults } from '../organizations/orgs';
import type { Actor } from '../organizations/permissions';
import { withinQuota } from '../organizations/quota';
import { memberNameSql } from '../../db/member-names';
import { qualified } from '../../db/qualified';

/** An application's inviter and reviewer, as the organization knows them (columns). */
const applicationNames = {
  inviterName: memberNameSql(applications.orgId, applications.inviterId),
  reviewerName: sql<
    string | null
  >`CASE WHEN ${applications.reviewerId} IS NULL THEN NULL ELSE ${memberNameSql(applications.orgId, applications.reviewerId)} END`,
};

/** Selects applications with their inviter's and reviewer's names; add `.where(...)`. */
export const selectApplications = (db: Db) =>
  db.select({ app: applications, ...applicationNames }).from(applications);

export type ApplicationRow = {
  app: typeof applications.$inferSelect;
  inviterName: string;
  reviewerName: string | null;
};

export const toApplicationDto = ({
  app,
  inviterName,
  reviewerName,
}: ApplicationRow): ApplicationDto => ({
  id: app.id,
  name: app.name,
  email: app.email,
  status: app.status,
  inviter: { id: app.inviterId, name: inviterName },
  reviewer: app.reviewerId ? { id: app.reviewerId, name: reviewerName ?? '' } : null,
  reviewedAt: isoOrNull(app.reviewedAt),
  reason: app.reason,
  linkId: app.linkId,
  createdAt: iso(app.createdAt),
  locale: app.locale ?? null,
});

const alreadyReviewed = (status: string) =>
  new AppError('already_reviewed', `This application was already ${status}`);

/**
 * What a review reads before it writes, in one statement that travels with the caller's lookup
 * (http/read-as-member.ts): the application with its names, its link's role and department, and
 * the account that already has its address.
 */
export const applicationToReview = (db: Db, orgId: string, id: string) =>
  db
    .select({
      app: applications,
      ...applicationNames,
      linkRole: inviteLinks.role,
      linkDepartmentId: inviteLinks.departmentId,
      existingId: sql<
        string | null
      >`(SELECT ${users.id} FROM ${users} WHERE ${users.email} = ${qualified(applications.email)})`,
      existingPasswordHash: sql<
        string | null
      >`(SELECT ${users.passwordHash} FROM ${users} WHERE ${users.email} = ${qualified(applications.email)})`,
    })
    .from(applications)
    .leftJoin(inviteLinks, eq(inviteLinks.id, applications.linkId))
    .where(and(eq(applications.id, id), eq(applications.orgId, orgId)))
    .limit(1);

export type ApplicationToReview = Awaited<ReturnType<typeof applicationToReview>>;

/** The application a review is about (404 when it is not the organization's). */
function reviewed(found: ApplicationToReview) {
  const [row] = found;
  if (!row) throw notFound('Application');
  return row;
}

/** The application as it stands after a review's batch (its last statement). */
const afterReview = (db: Db, id: string) =>
  selectApplications(db).where(eq(applications.id, id)).limit(1);

/**
 * Approves: one batch writes the approval and its effects (approval.ts) and reads back the
 * application and the membership, after the one statement `applicationToReview` read.
 */
export async function approveApplication(
  s: Services,
  org: OrgState,
  reviewer: Pick<Actor, 'userId' | 'apiKeyId'>,
  id: string,
  found?: ApplicationToReview,
): Promise<ApproveResponse> {
  const { db } = s;
  const reviewerId = reviewer.userId;
  const row = reviewed(found ?? (await applicationToReview(db, org.id, id)));
  const { app } = row;
  if (app.status !== 'pending') throw alreadyReviewed(app.status);
  // The organization may have limited its domains since the person applied: rejecting stays open.
  refuseOutsideDomains(app.email, withDefaults(org.settings).allowedEmailDomains);
  const link =
    row.linkRole === null
      ? { role: 'member' as const, departmentId: null }
      : { role: row.linkRole, departmentId: row.linkDepartmentId };
  const t = s.now();
  const effects = approvalEffects(db, {
    app,
    link,
    reviewerId,
    ...(reviewer.apiKeyId ? { reviewerKeyId: reviewer.apiKeyId } : {}),
    existing:
      row.existingId === null
        ? null
        : { id: row.existingId, passwordHash: row.existingPasswordHash },
    settings: withDefaults(org.settings),
    now: t,
  });
  // The welcome is one of the organization's messages: within its quota.
  const written = await withinQuota(s, org, 1, (quota) =>
    db.batch([
      db
        .update(applications)
        .set({ status: 'approved', reviewerId, reviewedAt: t })
        .where(and(eq(applications.id, app.id), eq(applications.status, 'pending')))
        .returning({ id: applications.id }),
      ...effects,
      ...quota,
      afterReview(db, app.id),
      db
        .select({ userId: memberships.userId, role: memberships.role, status: memberships.status })
        .from(memberships)
        .where(
          and(
            eq(memberships.orgId, org.id),
            sql`${memberships.userId} = (SELECT ${applications.userId} FROM ${applications} WHERE ${applications.id} = ${app.id})`,
          ),
        )
        .limit(1),
    ]),
  );
  const won = written[0] as unknown[];
  const [now] = written.at(-2) as ApplicationRow[];
  const [membership] = written.at(-1) as ApproveResponse['membership'][];
  if (!now) throw notFound('Application');
  if (won.length === 0) throw alreadyReviewed(now.app.status);
  return {
    application: toApplicationDto(now),
    membership: membership ?? {
      userId: now.app.userId ?? '',
      role: link.role,
      status: 'pending',
    },
  };
}

export async function rejectApplication(
  s: Services,
  org: OrgState,
  reviewer: Pick<Actor, 'userId' | 'apiKeyId'>,
  id: string,
  reason: string | null,
  found?: ApplicationToReview,
): Promise<ApplicationDto> {
  const { db } = s;
  const reviewerId = reviewer.userId;
  const { app } = reviewed(found ?? (await applicationToReview(db, org.id, id)));
  if (app.status !== 'pending') throw alreadyReviewed(app.status);
  const t = s.now();
  const [won, , , now] = await db.batch([
    db
      .update(applications)
      .set({ status: 'rejected', reviewerId, reviewedAt: t, reason })
      .where(and(eq(applications.id, app.id), eq(applications.status, 'pending')))
      .returning({ id: applications.id }),
    insertWhere(
      db,
      auditEvents,
      {
        id: `${app.id}-r`,
        orgId: org.id,
        actorId: auditActor(reviewer),
        action: 'application.reject',
        targetType: 'application',
        targetId: app.id,
        detail: { email: app.email, reason },
        createdAt: t,
      },
      existsWhere(
        applications,
        and(eq(applications.id, app.id), eq(applications.status, 'rejected'))!,
      ),
    ),
    webhookEvents(
      db,
      org,
      'application.rejected',
      { application: { id: app.id, linkId: app.linkId, name: app.name, email: app.email, reason } },
      reviewer,
      t,
      {
        eventId: `evt_${app.id}_rejected`,
        when: existsWhere(
          applications,
          and(eq(applications.id, app.id), eq(applications.status, 'rejected'))!,
        ),
      },
    ),
    afterReview(db, app.id),
  ]);
  const [row] = now;
  if (!row) throw notFound('Application');
  if (won.length === 0) throw alreadyReviewed(row.app.status);
  return toApplicationDto(row);
}
