/** The audit log of an organization, newest first (owners and admins). */
import { and, eq } from 'drizzle-orm';
import { pageQuerySchema } from '../../../../shared/api/common';
import type { AuditEventDto } from '../../../../shared/api/orgs';
import { iso, newestFirst, toPage } from '../../db/pagination';
import { auditEvents } from '../../db/schema';
import { memberNameSql } from '../members/members';
import { can, ensure } from './permissions';
import { query } from '../../http/middleware/validate';
import { actorOf, orgRouter } from '../../http/router';

export const auditRoutes = orgRouter().get('/', query(pageQuerySchema), async (c) => {
  ensure(can.readAudit(actorOf(c)));
  const { limit, cursor } = c.req.valid('query');
  const page = newestFirst(auditEvents.createdAt, auditEvents.id, cursor);
  const rows = await c.var.services.db
    .select({
      event: auditEvents,
      actorName: memberNameSql(auditEvents.orgId, auditEvents.actorId),
    })
    .from(auditEvents)
    .where(and(eq(auditEvents.orgId, c.var.org.id), page.after))
    .orderBy(...page.orderBy)
    .limit(limit + 1);
  return c.json(
    toPage(
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
    ),
  );
});
