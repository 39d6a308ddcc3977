/** The audit log of an organization as its owners and admins read it: newest first. */
import { and, eq } from 'drizzle-orm';
import type { Page } from '../../../../shared/api/common';
import type { AuditEventDto } from '../../../../shared/api/orgs';
import { iso, newestFirst, toPage } from '../../db/pagination';
import { apiKeys, auditEvents } from '../../db/schema';
import type { Db } from '../../db/client';
import { memberNameSql } from '../../db/member-names';

/**
 * A page of the organization's audit log, newest first, in one statement: each actor by the name
 * the organization knows them by, or an API key of the organization by its name.
 */
export function auditStatement(db: Db, input: { orgId: string; limit: number; cursor?: string }) {
  const page = newestFirst(auditEvents.createdAt, auditEvents.id, input.cursor);
  return db
    .select({
      event: auditEvents,
      actorName: memberNameSql(auditEvents.orgId, auditEvents.actorId),
      keyName: apiKeys.name,
    })
    .from(auditEvents)
    .leftJoin(
      apiKeys,
      and(eq(apiKeys.id, auditEvents.actorId), eq(apiKeys.orgId, auditEvents.orgId)),
    )
    .where(and(eq(auditEvents.orgId, input.orgId), page.after))
    .orderBy(...page.orderBy)
    .limit(input.limit + 1);
}

export const auditPage = (
  rows: Awaited<ReturnType<typeof auditStatement>>,
  limit: number,
): Page<AuditEventDto> =>
  toPage(
    rows,
    limit,
    (r) => ({ t: r.event.createdAt, id: r.event.id }),
    ({ event: e, actorName, keyName }): AuditEventDto => ({
      id: e.id,
      action: e.action,
      actor: !e.actorId
        ? null
        : keyName !== null
          ? { id: e.actorId, name: keyName, kind: 'api_key' }
          : { id: e.actorId, name: actorName ?? '', kind: 'user' },
      targetType: e.targetType,
      targetId: e.targetId,
      detail: e.detail,
      createdAt: iso(e.createdAt),
    }),
  );
