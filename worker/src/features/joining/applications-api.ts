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
import { applicationToReview, approveApplication, rejectApplication } from './applications';
import { applicationsStatement, listApplications } from './list-applications';
import { can, ensure } from '../organizations/permissions';
import { json, params, query } from '../../http/middleware/validate';
import { requireBearer } from '../../http/middleware/auth';
import { readAsMember } from '../../http/read-as-member';
import { actorOf, checkedRouter } from '../../http/router';

const idParam = params(z.object({ org: z.string(), id: idSchema }));
const REVIEW_DENIED = 'Only administrators may approve or reject applications';

export const applicationRoutes = checkedRouter()
  .get('/', requireBearer, query(listApplicationsQuerySchema), async (c) => {
    const s = c.var.services;
    const q = c.req.valid('query');
    const rows = await readAsMember(c, (caller) => applicationsStatement(s.db, caller, q));
    return c.json(await listApplications(s, { orgId: c.var.org.id, ...actorOf(c) }, q, rows));
  })
  .post('/:id/approve', requireBearer, idParam, async (c) => {
    const s = c.var.services;
    const { id } = c.req.valid('param');
    const found = await readAsMember(c, (caller) =>
      can.reviewApplications(caller) ? applicationToReview(s.db, caller.orgId, id) : null,
    );
    ensure(can.reviewApplications(actorOf(c)), REVIEW_DENIED);
    const result = await approveApplication(s, c.var.org, actorOf(c), id, found ?? []);
    s.deliverSoon(c);
    return c.json(result);
  })
  .post('/:id/reject', requireBearer, idParam, json(rejectApplicationRequestSchema), async (c) => {
    const s = c.var.services;
    const { id } = c.req.valid('param');
    const found = await readAsMember(c, (caller) =>
      can.reviewApplications(caller) ? applicationToReview(s.db, caller.orgId, id) : null,
    );
    ensure(can.reviewApplications(actorOf(c)), REVIEW_DENIED);
    const reason = c.req.valid('json')?.reason || null;
    return c.json(await rejectApplication(s, c.var.org, actorOf(c), id, reason, found ?? []));
  });
