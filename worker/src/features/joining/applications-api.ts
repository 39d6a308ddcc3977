/**
 * Applications to join through general links. Owners and admins see all of them and review them;
 * everyone else sees, read-only, the applications that came through their own links.
 */
import { eq } from 'drizzle-orm';
import * as z from 'zod/mini';
import {
  listApplicationsQuerySchema,
  rejectApplicationRequestSchema,
} from '../../../../shared/api/applications';
import { idSchema } from '../../../../shared/api/common';
import { toPage } from '../../db/pagination';
import { applications } from '../../db/schema';
import {
  approveApplication,
  rejectApplication,
  selectApplications,
  toApplicationDto,
} from './applications';
import { can, ensure } from '../organizations/permissions';
import { listPage } from '../search/search';
import { json, params, query } from '../../http/middleware/validate';
import { actorOf, orgRouter } from '../../http/router';

const idParam = params(z.object({ org: z.string(), id: idSchema }));
const REVIEW_DENIED = 'Only administrators may approve or reject applications';

export const applicationRoutes = orgRouter()
  .get('/', query(listApplicationsQuerySchema), async (c) => {
    const { limit, cursor, status, q, linkId } = c.req.valid('query');
    const actor = actorOf(c);
    const { db } = c.var.services;
    const rows = await listPage(
      db,
      {
        org: applications.orgId,
        createdAt: applications.createdAt,
        id: applications.id,
        orgId: c.var.org.id,
        cursor,
        limit,
        filters: [
          can.reviewApplications(actor) ? undefined : eq(applications.inviterId, actor.userId),
          status ? eq(applications.status, status) : undefined,
          linkId ? eq(applications.linkId, linkId) : undefined,
        ],
        search: q ? { kind: 'application', q } : undefined,
      },
      (where, orderBy) =>
        selectApplications(db)
          .where(where)
          .orderBy(...orderBy)
          .limit(limit + 1),
    );
    return c.json(
      toPage(rows, limit, (r) => ({ t: r.app.createdAt, id: r.app.id }), toApplicationDto),
    );
  })
  .post('/:id/approve', idParam, async (c) => {
    ensure(can.reviewApplications(actorOf(c)), REVIEW_DENIED);
    const result = await approveApplication(
      c.var.services,
      c.var.org,
      c.var.auth.user.id,
      c.req.valid('param').id,
    );
    c.var.services.deliverSoon(c);
    return c.json(result);
  })
  .post('/:id/reject', idParam, json(rejectApplicationRequestSchema), async (c) => {
    ensure(can.reviewApplications(actorOf(c)), REVIEW_DENIED);
    const reason = c.req.valid('json')?.reason || null;
    return c.json(
      await rejectApplication(
        c.var.services,
        c.var.org,
        c.var.auth.user.id,
        c.req.valid('param').id,
        reason,
      ),
    );
  });
