/** Departments: the organization's units, a tree; general links and members point at one. */
import * as z from 'zod/mini';
import { idSchema, pageQuerySchema } from '../../../../shared/api/common';
import { departmentRequestSchema, patchDepartmentRequestSchema } from '../../../../shared/api/orgs';
import { json, params, query } from '../../http/middleware/validate';
import { actorOf, orgRouter } from '../../http/router';
import {
  createDepartment,
  deleteDepartment,
  listDepartments,
  renameOrMoveDepartment,
} from './departments';
import { can, ensure } from './permissions';

const idParam = params(z.object({ org: z.string(), id: idSchema }));

export const departmentRoutes = orgRouter()
  .get('/', query(pageQuerySchema), async (c) => {
    const { limit, cursor } = c.req.valid('query');
    return c.json(await listDepartments(c.var.services, { orgId: c.var.org.id, limit, cursor }));
  })
  .post('/', json(departmentRequestSchema), async (c) => {
    ensure(can.manageStructure(actorOf(c)));
    const { name, parentId } = c.req.valid('json');
    const created = await createDepartment(c.var.services, {
      orgId: c.var.org.id,
      actorId: c.var.auth.user.id,
      name,
      parentId,
    });
    return c.json(created, 201);
  })
  .patch('/:id', idParam, json(patchDepartmentRequestSchema), async (c) => {
    ensure(can.manageStructure(actorOf(c)));
    const changed = await renameOrMoveDepartment(c.var.services, {
      orgId: c.var.org.id,
      actorId: c.var.auth.user.id,
      id: c.req.valid('param').id,
      patch: c.req.valid('json'),
    });
    return c.json(changed);
  })
  .delete('/:id', idParam, async (c) => {
    ensure(can.manageStructure(actorOf(c)));
    await deleteDepartment(c.var.services, {
      orgId: c.var.org.id,
      actorId: c.var.auth.user.id,
      id: c.req.valid('param').id,
    });
    return c.body(null, 204);
  });
