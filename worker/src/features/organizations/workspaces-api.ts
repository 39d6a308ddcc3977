/**
 * Workspaces: resource spaces inside an organization; members hold a `member` or `manager` role in
 * each.
 */
import * as z from 'zod/mini';
import { idSchema, pageQuerySchema } from '../../../../shared/api/common';
import { patchWorkspaceRequestSchema, workspaceRequestSchema } from '../../../../shared/api/orgs';
import { json, params, query } from '../../http/middleware/validate';
import { actorOf, orgRouter } from '../../http/router';
import { can, ensure } from './permissions';
import { createWorkspace, deleteWorkspace, listWorkspaces, renameWorkspace } from './workspaces';

const idParam = params(z.object({ org: z.string(), id: idSchema }));

export const workspaceRoutes = orgRouter()
  .get('/', query(pageQuerySchema), async (c) => {
    const { limit, cursor } = c.req.valid('query');
    return c.json(await listWorkspaces(c.var.services, { orgId: c.var.org.id, limit, cursor }));
  })
  .post('/', json(workspaceRequestSchema), async (c) => {
    ensure(can.manageStructure(actorOf(c)));
    const created = await createWorkspace(c.var.services, {
      orgId: c.var.org.id,
      actorId: c.var.auth.user.id,
      name: c.req.valid('json').name,
    });
    return c.json(created, 201);
  })
  .patch('/:id', idParam, json(patchWorkspaceRequestSchema), async (c) => {
    ensure(can.manageStructure(actorOf(c)));
    const renamed = await renameWorkspace(c.var.services, {
      orgId: c.var.org.id,
      actorId: c.var.auth.user.id,
      id: c.req.valid('param').id,
      name: c.req.valid('json').name,
    });
    return c.json(renamed);
  })
  .delete('/:id', idParam, async (c) => {
    ensure(can.manageStructure(actorOf(c)));
    await deleteWorkspace(c.var.services, {
      orgId: c.var.org.id,
      actorId: c.var.auth.user.id,
      id: c.req.valid('param').id,
    });
    return c.body(null, 204);
  });
