/** Departments: the organization's units, a tree; general links and members point at one. */
import * as z from 'zod/mini';
import { idSchema, pageQuerySchema } from '../../../../shared/api/common';
import { departmentRequestSchema, patchDepartmentRequestSchema } from '../../../../shared/api/orgs';
import { json, params, query } from '../../http/middleware/validate';
import { requireBearer, requireMember } from '../../http/middleware/auth';
import { readAsMember } from '../../http/read-as-member';
import { actorOf, checkedRouter, auditActorOf } from '../../http/router';
import {
  createDepartment,
  departmentStatement,
  deleteDepartment,
  departmentsPage,
  departmentsStatement,
  renameOrMoveDepartment,
} from './departments';
import { can, ensure } from './permissions';
import { structureItemToChange } from './structure-item';

const idParam = params(z.object({ org: z.string(), id: idSchema }));

export const departmentRoutes = checkedRouter()
  .get('/', requireBearer, query(pageQuerySchema), async (c) => {
    const page = c.req.valid('query');
    const rows = await readAsMember(c, (caller) =>
      departmentsStatement(c.var.services.db, { orgId: caller.orgId, ...page }),
    );
    return c.json(departmentsPage(rows, page.limit));
  })
  .post('/', requireMember, json(departmentRequestSchema), async (c) => {
    ensure(can.manageStructure(actorOf(c)));
    const { name, parentId } = c.req.valid('json');
    const created = await createDepartment(c.var.services, {
      orgId: c.var.org.id,
      actorId: auditActorOf(c),
      name,
      parentId,
    });
    return c.json(created, 201);
  })
  .patch('/:id', requireBearer, idParam, json(patchDepartmentRequestSchema), async (c) => {
    const { id } = c.req.valid('param');
    const found = await structureItemToChange(c, departmentStatement, id);
    const changed = await renameOrMoveDepartment(
      c.var.services,
      {
        orgId: c.var.org.id,
        actorId: auditActorOf(c),
        id,
        patch: c.req.valid('json'),
      },
      found,
    );
    return c.json(changed);
  })
  .delete('/:id', requireBearer, idParam, async (c) => {
    const { id } = c.req.valid('param');
    const found = await structureItemToChange(c, departmentStatement, id);
    await deleteDepartment(
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
