/** Departments: the organization's units, a tree; general links and members point at one. */
import { and, eq, sql } from 'drizzle-orm';
import * as z from 'zod/mini';
import { idSchema, pageQuerySchema } from '../../../../shared/api/common';
import {
  departmentRequestSchema,
  patchDepartmentRequestSchema,
  type DepartmentDto,
} from '../../../../shared/api/orgs';
import { unlessDuplicate } from '../../db/client';
import { iso, newestFirst, toPage } from '../../db/pagination';
import { departments, invitations, inviteLinks, memberships } from '../../db/schema';
import { auditEvent } from './audit';
import { can, ensure } from './permissions';
import type { AppContext } from '../../env';
import { AppError, notFound } from '../../errors';
import { newId } from '../../lib/ids';
import { json, params, query } from '../../http/middleware/validate';
import { actorOf, orgRouter } from '../../http/router';

type Row = typeof departments.$inferSelect;
const toDto = (d: Row): DepartmentDto => ({
  id: d.id,
  name: d.name,
  parentId: d.parentId,
  createdAt: iso(d.createdAt),
});
const idParam = params(z.object({ org: z.string(), id: idSchema }));

async function find(c: AppContext, id: string): Promise<Row> {
  const [row] = await c.var.services.db
    .select()
    .from(departments)
    .where(and(eq(departments.id, id), eq(departments.orgId, c.var.org.id)))
    .limit(1);
  if (!row) throw notFound('Department');
  return row;
}

/** A parent must be in the same organization and must not be the department itself or below it. */
async function checkParent(
  c: AppContext,
  parentId: string | null | undefined,
  selfId?: string,
): Promise<void> {
  if (parentId == null) return;
  const bad = (why: string) =>
    new AppError('invalid_input', `The parent department ${why}`, { parentId: why });
  let cursor: string | null = parentId;
  for (let depth = 0; cursor !== null; depth++) {
    if (cursor === selfId) throw bad('would make a cycle');
    if (depth > 50) throw bad('is nested too deeply');
    const [row] = await c.var.services.db
      .select({ parentId: departments.parentId })
      .from(departments)
      .where(and(eq(departments.id, cursor), eq(departments.orgId, c.var.org.id)))
      .limit(1);
    if (!row) throw bad('does not exist');
    cursor = row.parentId;
  }
}

const nameTaken = () =>
  new AppError('conflict', 'A department with that name already exists', {
    name: 'is already used',
  });

/**
 * After a move in the batch: fails the batch when the department is now below itself. checkParent
 * reads before the write, so two departments moved under each other at once both pass it; this
 * decides in the write's batch.
 */
const noLoop = (c: AppContext, id: string) =>
  c.var.services.db.run(sql`SELECT json(CASE WHEN EXISTS (
    WITH RECURSIVE up(id, depth) AS (SELECT parent_id, 1 FROM departments WHERE id = ${id} UNION ALL SELECT d.parent_id, up.depth + 1 FROM departments d JOIN up ON d.id = up.id WHERE up.depth < 60)
    SELECT 1 FROM up WHERE id = ${id}) THEN 'the department would be below itself' ELSE '1' END)`);

export const departmentRoutes = orgRouter()
  .get('/', query(pageQuerySchema), async (c) => {
    const { limit, cursor } = c.req.valid('query');
    const page = newestFirst(departments.createdAt, departments.id, cursor);
    const rows = await c.var.services.db
      .select()
      .from(departments)
      .where(and(eq(departments.orgId, c.var.org.id), page.after))
      .orderBy(...page.orderBy)
      .limit(limit + 1);
    return c.json(toPage(rows, limit, (r) => ({ t: r.createdAt, id: r.id }), toDto));
  })
  .post('/', json(departmentRequestSchema), async (c) => {
    ensure(can.manageStructure(actorOf(c)));
    const { db, now } = c.var.services;
    const body = c.req.valid('json');
    await checkParent(c, body.parentId);
    const row: Row = {
      id: newId(),
      orgId: c.var.org.id,
      name: body.name,
      parentId: body.parentId ?? null,
      createdAt: now(),
    };
    await unlessDuplicate(
      db.batch([
        db.insert(departments).values(row),
        auditEvent(
          db,
          {
            orgId: row.orgId,
            actorId: c.var.auth.user.id,
            action: 'department.create',
            targetType: 'department',
            targetId: row.id,
            detail: { name: row.name },
          },
          row.createdAt,
        ),
      ]),
      nameTaken,
    );
    return c.json(toDto(row), 201);
  })
  .patch('/:id', idParam, json(patchDepartmentRequestSchema), async (c) => {
    ensure(can.manageStructure(actorOf(c)));
    const { db, now } = c.var.services;
    const current = await find(c, c.req.valid('param').id);
    const patch = c.req.valid('json');
    await checkParent(c, patch.parentId, current.id);
    const next = {
      ...current,
      ...patch,
      parentId: patch.parentId === undefined ? current.parentId : patch.parentId,
    };
    const moved = db.batch([
      db
        .update(departments)
        .set({ name: next.name, parentId: next.parentId })
        .where(eq(departments.id, current.id)),
      ...(patch.parentId ? [noLoop(c, current.id)] : []),
      auditEvent(
        db,
        {
          orgId: current.orgId,
          actorId: c.var.auth.user.id,
          action: 'department.update',
          targetType: 'department',
          targetId: current.id,
          detail: patch,
        },
        now(),
      ),
    ]);
    // A move made at the same time turned this one into a loop: checkParent now says so (422).
    await unlessDuplicate(moved, nameTaken).catch(async (err: unknown) => {
      await checkParent(c, patch.parentId, current.id);
      throw err;
    });
    return c.json(toDto(next));
  })
  .delete('/:id', idParam, async (c) => {
    ensure(can.manageStructure(actorOf(c)));
    const { db, now } = c.var.services;
    const d = await find(c, c.req.valid('param').id);
    await db.batch([
      db
        .update(departments)
        .set({ parentId: d.parentId })
        .where(and(eq(departments.orgId, d.orgId), eq(departments.parentId, d.id))),
      db
        .update(memberships)
        .set({ departmentId: null })
        .where(and(eq(memberships.orgId, d.orgId), eq(memberships.departmentId, d.id))),
      db
        .update(inviteLinks)
        .set({ departmentId: null })
        .where(and(eq(inviteLinks.orgId, d.orgId), eq(inviteLinks.departmentId, d.id))),
      db
        .update(invitations)
        .set({ departmentId: null })
        .where(and(eq(invitations.orgId, d.orgId), eq(invitations.departmentId, d.id))),
      db.delete(departments).where(eq(departments.id, d.id)),
      auditEvent(
        db,
        {
          orgId: d.orgId,
          actorId: c.var.auth.user.id,
          action: 'department.delete',
          targetType: 'department',
          targetId: d.id,
          detail: { name: d.name },
        },
        now(),
      ),
    ]);
    return c.body(null, 204);
  });
