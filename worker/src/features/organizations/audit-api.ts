/** The audit log of an organization, newest first (owners and admins). */
import { pageQuerySchema } from '../../../../shared/api/common';
import { query } from '../../http/middleware/validate';
import { actorOf, orgRouter } from '../../http/router';
import { listAuditEvents } from './audit-log';
import { can, ensure } from './permissions';

export const auditRoutes = orgRouter().get('/', query(pageQuerySchema), async (c) => {
  ensure(can.readAudit(actorOf(c)));
  const { limit, cursor } = c.req.valid('query');
  return c.json(await listAuditEvents(c.var.services, { orgId: c.var.org.id, limit, cursor }));
});
