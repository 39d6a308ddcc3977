/**
 * Workspaces: resource spaces inside an organization; members hold a `member` or `manager` role in
 * each.
 */
import * as z from 'zod/mini';
import { idSchema, pageQuerySchema } from '../../../../shared/api/common';
import { patchWorkspaceRequestSchema, workspaceRequestSchema } from '../../../../shared/api/orgs';
import { json, params, query } from '../../http/middleware/validate';
import { requireBearer, requireMember } from '../../http/middleware/auth';
import { readAsMember } from '../../http/read-as-member';
import { actorOf, checkedRouter, auditActorOf } from '../../http/router';
import { can, ensure } from './permissions';
import { structureItemToChange } from './structure-item';
import {
  createWorkspace,
  workspaceStatement,
  deleteWorkspace,
  workspacesPage,
  workspacesStatement,
  renameWorkspace,
} from './workspaces';

const idParam = params(z.object({ org: z.string(), id: idSchema }));

export const workspaceRoutes = checkedRouter()
  .get('/', requireBearer, query(pageQuerySchema), async (c) => {
    const page = c.req.valid('query');
    const rows = await readAsMember(c, (caller) =>
      workspacesStatement(c.var.services.db, { orgId: caller.orgId, ...page }),
    );
    return c.json(workspacesPage(rows, page.limit));
  })
  .post('/', requireMember, json(workspaceRequestSchema), async (c) => {
    ensure(can.manageStructure(actorOf(c)));
    const created = await createWorkspace(c.var.services, {
      orgId: c.var.org.id,
      actorId: auditActorOf(c),
      name: c.req.valid('json').name,
    });
    return c.json(created, 201);
  })
  .patch('/:id', requireBearer, idParam, json(patchWorkspaceRequestSchema), async (c) => {
    const { id } = c.req.valid('param');
    const found = await structureItemToChange(c, workspaceStatement, id);
    const renamed = await renameWorkspace(
      c.var.services,
      {
        orgId: c.var.org.id,
        actorId: auditActorOf(c),
        id,
        name: c.req.valid('json').name,
      },
      found,
    );
    return c.json(renamed);
  })
  .delete('/:id', requireBearer, idParam, async (c) => {
    const { id } = c.req.valid('param');
    const found = await structureItemToChange(c, workspaceStatement, id);
    await deleteWorkspace(
      c.var.services,
      {
        orgId: c.var.org.id,
        actorId: auditActorOf(c),
        id,
      },
      found,
    );
    return c.body(null, 204);
  });
