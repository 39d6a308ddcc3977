/**
 * Applications to join through a general link: the list (admins see all; others see those from
 * their own links, read-only), and the two reviews. A review is one guarded write (`… WHERE status
 * = 'pending'`), so of two admins approving at once one wins and the other gets `already_reviewed`;
 * approval's effects ride in the same batch.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { ApplicationDto, ApproveResponse } from '../../../../shared/api/applications';
import type { Db } from '../../db/client';
import { iso, isoOrNull } from '../../db/pagination';
import { applications, auditEvents, inviteLinks, memberships, users } from '../../db/schema';
import type { OrgState, Services } from '../../env';
import { AppError, notFound } from '../../errors';
import { existsWhere, insertWhere } from '../../db/guarded';
import { approvalEffects } from './approval';

import { withDefaults } from '../organizations/orgs';
import { withinQuota } from '../organizations/quota';
import { memberNameSql } from '../../db/member-names';

/**
 * Selects applications with their inviter's and reviewer's names, as the organization knows them;
 * add `.where(...)`.
 */
export const selectApplications = (db: Db) =>
  db
    .select({
      app: applications,
      inviterName: memberNameSql(applications.orgId, applications.inviterId),
      reviewerName: sql<
        string | null
      >`CASE WHEN ${applications.reviewerId} IS NULL THEN NULL ELSE ${memberNameSql(applications.orgId, applications.reviewerId)} END`,
    })
    .from(applications);

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
});

async function findOne(db: Db, orgId: string, id: string): Promise<ApplicationRow> {
  const [row] = await selectApplications(db)
    .where(and(eq(applications.id, id), eq(applications.orgId, orgId)))
    .limit(1);
  if (!row) throw notFound('Application');
  return row;
}

const alreadyReviewed = (status: string) =>
  new AppError('already_reviewed', `This application was already ${status}`);

export async function approveApplication(
  s: Services,
  org: OrgState,
  reviewerId: string,
  id: string,
): Promise<ApproveResponse> {
  const { db } = s;
  const { app } = await findOne(db, org.id, id);
  if (app.status !== 'pending') throw alreadyReviewed(app.status);
  const [link] = await db
    .select({ role: inviteLinks.role, departmentId: inviteLinks.departmentId })
    .from(inviteLinks)
    .where(eq(inviteLinks.id, app.linkId))
    .limit(1);
  const [existing] = await db
    .select({ id: users.id, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.email, app.email))
    .limit(1);
  const t = s.now();
  const effects = approvalEffects(db, {
    app,
    link: link ?? { role: 'member', departmentId: null },
    reviewerId,
    existing: existing ?? null,
    settings: withDefaults(org.settings),
    now: t,
  });
  // The welcome is one of the organization's messages: within its quota.
  const [won] = await withinQuota(s, org, 1, (quota) =>
    db.batch([
      db
        .update(applications)
        .set({ status: 'approved', reviewerId, reviewedAt: t })
        .where(and(eq(applications.id, app.id), eq(applications.status, 'pending')))
        .returning({ id: applications.id }),
      ...effects,
      ...quota,
    ]),
  );
  if (won.length === 0) throw alreadyReviewed((await findOne(db, org.id, id)).app.status);
  const row = await findOne(db, org.id, id);
  const [membership] = await db
    .select({ userId: memberships.userId, role: memberships.role, status: memberships.status })
    .from(memberships)
    .where(and(eq(memberships.orgId, org.id), eq(memberships.userId, row.app.userId ?? '')))
    .limit(1);
  return {
    application: toApplicationDto(row),
    membership: membership ?? {
      userId: row.app.userId ?? '',
      role: link?.role ?? 'member',
      status: 'pending',
    },
  };
}

export async function rejectApplication(
  s: Services,
  org: OrgState,
  reviewerId: string,
  id: string,
  reason: string | null,
): Promise<ApplicationDto> {
  const { db } = s;
  const { app } = await findOne(db, org.id, id);
  if (app.status !== 'pending') throw alreadyReviewed(app.status);
  const t = s.now();
  const [won] = await db.batch([
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
        actorId: reviewerId,
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
  ]);
  if (won.length === 0) throw alreadyReviewed((await findOne(db, org.id, id)).app.status);
  return toApplicationDto(await findOne(db, org.id, id));
}
