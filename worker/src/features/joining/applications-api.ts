/**
 * Applications to join through general links. Owners and admins see all of them and review them;
 * everyone else sees, read-only, the applications that came through their own links.
 */
import * as z from 'zod/mini';
import {
  listApplicationsQuerySchema,
  rejectApplicationRequestSchema,
} from '../../../../shared/api/applications';
import { idSchema } from '../../../../shared/api/common';
import { approveApplication, rejectApplication } from './applications';
import { listApplications } from './list-applications';
import { can, ensure } from '../organizations/permissions';
import { json, params, query } from '../../http/middleware/validate';
import { actorOf, orgRouter } from '../../http/router';

const idParam = params(z.object({ org: z.string(), id: idSchema }));
const REVIEW_DENIED = 'Only administrators may approve or reject applications';

export const applicationRoutes = orgRouter()
  .get('/', query(listApplicationsQuerySchema), async (c) =>
    c.json(
      await listApplications(c.var.services, {
        orgId: c.var.org.id,
        actor: actorOf(c),
        query: c.req.valid('query'),
      }),
    ),
  )
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
