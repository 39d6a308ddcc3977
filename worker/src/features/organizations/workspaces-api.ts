/**
 * Workspaces: resource spaces inside an organization; members hold a `member` or `manager` role in
 * each.
 */
import { and, eq } from 'drizzle-orm';
import * as z from 'zod/mini';
import { idSchema, pageQuerySchema } from '../../../../shared/api/common';
import {
  patchWorkspaceRequestSchema,
  workspaceRequestSchema,
  type WorkspaceDto,
} from '../../../../shared/api/orgs';
import { unlessDuplicate } from '../../db/client';
import { iso, newestFirst, toPage } from '../../db/pagination';
import { invitationWorkspaces, workspaceMembers, workspaces } from '../../db/schema';
import { auditEvent } from './audit';
import { can, ensure } from './permissions';
import type { AppContext } from '../../env';
import { AppError, notFound } from '../../errors';
import { newId } from '../../lib/ids';
import { json, params, query } from '../../http/middleware/validate';
import { actorOf, orgRouter } from '../../http/router';

type Row = typeof workspaces.$inferSelect;
const toDto = (w: Row): WorkspaceDto => ({ id: w.id, name: w.name, createdAt: iso(w.createdAt) });
const idParam = params(z.object({ org: z.string(), id: idSchema }));
const nameTaken = () =>
  new AppError('conflict', 'A workspace with that name already exists', {
    name: 'is already used',
  });

async function find(c: AppContext, id: string): Promise<Row> {
  const [row] = await c.var.services.db
    .select()
    .from(workspaces)
    .where(and(eq(workspaces.id, id), eq(workspaces.orgId, c.var.org.id)))
    .limit(1);
  if (!row) throw notFound('Workspace');
  return row;
}

export const workspaceRoutes = orgRouter()
  .get('/', query(pageQuerySchema), async (c) => {
    const { limit, cursor } = c.req.valid('query');
    const page = newestFirst(workspaces.createdAt, workspaces.id, cursor);
    const rows = await c.var.services.db
      .select()
      .from(workspaces)
      .where(and(eq(workspaces.orgId, c.var.org.id), page.after))
      .orderBy(...page.orderBy)
      .limit(limit + 1);
    return c.json(toPage(rows, limit, (r) => ({ t: r.createdAt, id: r.id }), toDto));
  })
  .post('/', json(workspaceRequestSchema), async (c) => {
    ensure(can.manageStructure(actorOf(c)));
    const { db, now } = c.var.services;
    const row: Row = {
      id: newId(),
      orgId: c.var.org.id,
      name: c.req.valid('json').name,
      createdAt: now(),
    };
    await unlessDuplicate(
      db.batch([
        db.insert(workspaces).values(row),
        auditEvent(
          db,
          {
            orgId: row.orgId,
            actorId: c.var.auth.user.id,
            action: 'workspace.create',
            targetType: 'workspace',
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
  .patch('/:id', idParam, json(patchWorkspaceRequestSchema), async (c) => {
    ensure(can.manageStructure(actorOf(c)));
    const { db, now } = c.var.services;
    const current = await find(c, c.req.valid('param').id);
    const next = { ...current, ...c.req.valid('json') };
    await unlessDuplicate(
      db.batch([
        db.update(workspaces).set({ name: next.name }).where(eq(workspaces.id, current.id)),
        auditEvent(
          db,
          {
            orgId: current.orgId,
            actorId: c.var.auth.user.id,
            action: 'workspace.update',
            targetType: 'workspace',
            targetId: current.id,
            detail: { name: next.name },
          },
          now(),
        ),
      ]),
      nameTaken,
    );
    return c.json(toDto(next));
  })
  .delete('/:id', idParam, async (c) => {
    ensure(can.manageStructure(actorOf(c)));
    const { db, now } = c.var.services;
    const w = await find(c, c.req.valid('param').id);
    await db.batch([
      db.delete(workspaceMembers).where(eq(workspaceMembers.workspaceId, w.id)),
      db.delete(invitationWorkspaces).where(eq(invitationWorkspaces.workspaceId, w.id)),
      db.delete(workspaces).where(eq(workspaces.id, w.id)),
      auditEvent(
        db,
        {
          orgId: w.orgId,
          actorId: c.var.auth.user.id,
          action: 'workspace.delete',
          targetType: 'workspace',
          targetId: w.id,
          detail: { name: w.name },
        },
        now(),
      ),
    ]);
    return c.body(null, 204);
  });
