/** The audit log of an organization, newest first (owners and admins). */
import { pageQuerySchema } from '../../../../shared/api/common';
import { requireBearer } from '../../http/middleware/auth';
import { query } from '../../http/middleware/validate';
import { readAsMember } from '../../http/read-as-member';
import { actorOf, checkedRouter } from '../../http/router';
import { auditPage, auditStatement } from './audit-log';
import { can, ensure } from './permissions';

export const auditRoutes = checkedRouter().get(
  '/',
  requireBearer,
  query(pageQuerySchema),
  async (c) => {
    const page = c.req.valid('query');
    const rows = await readAsMember(c, (caller) =>
      can.readAudit(caller)
        ? auditStatement(c.var.services.db, { orgId: caller.orgId, ...page })
        : null,
    );
    ensure(can.readAudit(actorOf(c)));
    return c.json(auditPage(rows ?? [], page.limit));
  },
);
