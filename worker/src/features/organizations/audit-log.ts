/** The audit log of an organization as its owners and admins read it: newest first. */
import { and, eq } from 'drizzle-orm';
import type { Page } from '../../../../shared/api/common';
import type { AuditEventDto } from '../../../../shared/api/orgs';
import { iso, newestFirst, toPage } from '../../db/pagination';
import { auditEvents } from '../../db/schema';
import type { Services } from '../../env';
import { memberNameSql } from '../../db/member-names';

/** A page of the organization's audit events, each actor by the name it knows them by. */
export async function listAuditEvents(
  s: Services,
  input: { orgId: string; limit: number; cursor?: string },
): Promise<Page<AuditEventDto>> {
  const { limit } = input;
  const page = newestFirst(auditEvents.createdAt, auditEvents.id, input.cursor);
  const rows = await s.db
    .select({
      event: auditEvents,
      actorName: memberNameSql(auditEvents.orgId, auditEvents.actorId),
    })
    .from(auditEvents)
    .where(and(eq(auditEvents.orgId, input.orgId), page.after))
    .orderBy(...page.orderBy)
    .limit(limit + 1);
  return toPage(
    rows,
    limit,
    (r) => ({ t: r.event.createdAt, id: r.event.id }),
    ({ event: e, actorName }): AuditEventDto => ({
      id: e.id,
      action: e.action,
      actor: e.actorId ? { id: e.actorId, name: actorName ?? '' } : null,
      targetType: e.targetType,
      targetId: e.targetId,
      detail: e.detail,
      createdAt: iso(e.createdAt),
    }),
  );
}
