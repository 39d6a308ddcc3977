/**
 * Workspaces: resource spaces inside an organization; members hold a `member` or `manager` role in
 * each. Create, rename, delete, list.
 *
 * Deleting one takes its members' roles and the invitations' grants of it with it through the
 * foreign keys' `ON DELETE CASCADE` of `workspace_members` and `invitation_workspaces`
 * (worker/migrations/0000_init.sql), which libSQL enforces: `PRAGMA foreign_keys` is on by default
 * in its files, its `libsql` connections and its server (test/api/orgs-departments.test.ts checks
 * what a delete leaves behind).
 */
import { and, eq } from 'drizzle-orm';
import type { Page } from '../../../../shared/api/common';
import type { WorkspaceDto } from '../../../../shared/api/orgs';
import { unlessDuplicate, type Db } from '../../db/client';
import { iso, newestFirst, toPage } from '../../db/pagination';
import { workspaces } from '../../db/schema';
import type { Services } from '../../env';
import { AppError, notFound } from '../../errors';
import { newId } from '../../lib/ids';
import { auditEvent } from './audit';

type Row = typeof workspaces.$inferSelect;

const toDto = (w: Row): WorkspaceDto => ({ id: w.id, name: w.name, createdAt: iso(w.createdAt) });

const nameTaken = () =>
  new AppError('conflict', 'A workspace with that name already exists', {
    name: 'is already used',
  });

/**
 * One workspace of the organization, in one statement (it travels with the caller's lookup:
 * http/read-as-member.ts).
 */
export const workspaceStatement = (db: Db, orgId: string, id: string) =>
  db
    .select()
    .from(workspaces)
    .where(and(eq(workspaces.id, id), eq(workspaces.orgId, orgId)))
    .limit(1);

/** The workspace `found` holds, or read now; 404 when it is not the organization's. */
async function find(db: Db, orgId: string, id: string, found?: Row[]): Promise<Row> {
  const [row] = found ?? (await workspaceStatement(db, orgId, id));
  if (!row) throw notFound('Workspace');
  return row;
}

/** A page of the organization's workspaces, newest first, in one statement. */
export function workspacesStatement(
  db: Db,
  input: { orgId: string; cursor?: string; limit: number },
) {
  const page = newestFirst(workspaces.createdAt, workspaces.id, input.cursor);
  return db
    .select()
    .from(workspaces)
    .where(and(eq(workspaces.orgId, input.orgId), page.after))
    .orderBy(...page.orderBy)
    .limit(input.limit + 1);
}

export const workspacesPage = (rows: Row[], limit: number): Page<WorkspaceDto> =>
  toPage(rows, limit, (r) => ({ t: r.createdAt, id: r.id }), toDto);

export async function createWorkspace(
  s: Services,
  input: { orgId: string; actorId: string; name: string },
): Promise<WorkspaceDto> {
  const { db } = s;
  const row: Row = { id: newId(), orgId: input.orgId, name: input.name, createdAt: s.now() };
  await unlessDuplicate(
    db.batch([
      db.insert(workspaces).values(row),
      auditEvent(
        db,
        {
          orgId: row.orgId,
          actorId: input.actorId,
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
  return toDto(row);
}

/** Renames a workspace (a patch without a name keeps it, and is still recorded). */
export async function renameWorkspace(
  s: Services,
  input: { orgId: string; actorId: string; id: string; name?: string },
  found?: Row[],
): Promise<WorkspaceDto> {
  const { db } = s;
  const current = await find(db, input.orgId, input.id, found);
  const next = { ...current, name: input.name ?? current.name };
  await unlessDuplicate(
    db.batch([
      db.update(workspaces).set({ name: next.name }).where(eq(workspaces.id, current.id)),
      auditEvent(
        db,
        {
          orgId: current.orgId,
          actorId: input.actorId,
          action: 'workspace.update',
          targetType: 'workspace',
          targetId: current.id,
          detail: { name: next.name },
        },
        s.now(),
      ),
    ]),
    nameTaken,
  );
  return toDto(next);
}

/** Deletes a workspace; its roles and grants go with it (see the top of this file). */
export async function deleteWorkspace(
  s: Services,
  input: { orgId: string; actorId: string; id: string },
  found?: Row[],
): Promise<void> {
  const { db } = s;
  const w = await find(db, input.orgId, input.id, found);
  await db.batch([
    db.delete(workspaces).where(eq(workspaces.id, w.id)),
    auditEvent(
      db,
      {
        orgId: w.orgId,
        actorId: input.actorId,
        action: 'workspace.delete',
        targetType: 'workspace',
        targetId: w.id,
        detail: { name: w.name },
      },
      s.now(),
    ),
  ]);
}
