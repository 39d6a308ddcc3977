/**
 * Departments: the organization's units, a tree; members, general links and invitations point at
 * one. Create, rename or move, delete, list.
 *
 * Deleting one: its children move up to its parent, by hand in the batch, since `parent_id` has no
 * foreign key and no `ON DELETE` action could say "the parent's parent"; the members, links and
 * invitations in it are left without a department by the foreign keys' `ON DELETE SET NULL`
 * (worker/migrations/0000_init.sql), which libSQL enforces: `PRAGMA foreign_keys` is on by default
 * in its files, its `libsql` connections and its server (test/api/orgs-departments.test.ts checks
 * what a delete leaves behind).
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Page } from '../../../../shared/api/common';
import type { DepartmentDto } from '../../../../shared/api/orgs';
import { unlessDuplicate, type Db } from '../../db/client';
import { iso, newestFirst, toPage } from '../../db/pagination';
import { departments } from '../../db/schema';
import type { Services } from '../../env';
import { AppError, notFound } from '../../errors';
import { newId } from '../../lib/ids';
import { auditEvent } from './audit';
import { abortUnless } from '../../db/guarded';

type Row = typeof departments.$inferSelect;

const toDto = (d: Row): DepartmentDto => ({
  id: d.id,
  name: d.name,
  parentId: d.parentId,
  createdAt: iso(d.createdAt),
});

const nameTaken = () =>
  new AppError('conflict', 'A department with that name already exists', {
    name: 'is already used',
  });

/**
 * One department of the organization, in one statement (it travels with the caller's lookup:
 * http/read-as-member.ts).
 */
export const departmentStatement = (db: Db, orgId: string, id: string) =>
  db
    .select()
    .from(departments)
    .where(and(eq(departments.id, id), eq(departments.orgId, orgId)))
    .limit(1);

/** The department `found` holds, or read now; 404 when it is not the organization's. */
async function find(db: Db, orgId: string, id: string, found?: Row[]): Promise<Row> {
  const [row] = found ?? (await departmentStatement(db, orgId, id));
  if (!row) throw notFound('Department');
  return row;
}

/** A parent must be in the same organization and must not be the department itself or below it. */
async function checkParent(
  db: Db,
  orgId: string,
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
    const [row] = await db
      .select({ parentId: departments.parentId })
      .from(departments)
      .where(and(eq(departments.id, cursor), eq(departments.orgId, orgId)))
      .limit(1);
    if (!row) throw bad('does not exist');
    cursor = row.parentId;
  }
}

/**
 * After a move in the batch: fails the batch when the department is now below itself. checkParent
 * reads before the write, so two departments moved under each other at once both pass it; this
 * decides in the write's batch.
 */
const noLoop = (db: Db, id: string) =>
  abortUnless(
    db,
    sql`NOT EXISTS (
    WITH RECURSIVE up(id, depth) AS (SELECT parent_id, 1 FROM departments WHERE id = ${id} UNION ALL SELECT d.parent_id, up.depth + 1 FROM departments d JOIN up ON d.id = up.id WHERE up.depth < 60)
    SELECT 1 FROM up WHERE id = ${id})`,
    'the department would be below itself',
  );

/** A page of the organization's departments, newest first, in one statement. */
export function departmentsStatement(
  db: Db,
  input: { orgId: string; cursor?: string; limit: number },
) {
  const page = newestFirst(departments.createdAt, departments.id, input.cursor);
  return db
    .select()
    .from(departments)
    .where(and(eq(departments.orgId, input.orgId), page.after))
    .orderBy(...page.orderBy)
    .limit(input.limit + 1);
}

export const departmentsPage = (rows: Row[], limit: number): Page<DepartmentDto> =>
  toPage(rows, limit, (r) => ({ t: r.createdAt, id: r.id }), toDto);

export async function createDepartment(
  s: Services,
  input: { orgId: string; actorId: string; name: string; parentId?: string | null },
): Promise<DepartmentDto> {
  const { db } = s;
  await checkParent(db, input.orgId, input.parentId);
  const row: Row = {
    id: newId(),
    orgId: input.orgId,
    name: input.name,
    parentId: input.parentId ?? null,
    createdAt: s.now(),
  };
  await unlessDuplicate(
    db.batch([
      db.insert(departments).values(row),
      auditEvent(
        db,
        {
          orgId: row.orgId,
          actorId: input.actorId,
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
  return toDto(row);
}

/** Renames a department, or moves it under another parent (null: to the top), or both. */
export async function renameOrMoveDepartment(
  s: Services,
  input: {
    orgId: string;
    actorId: string;
    id: string;
    patch: { name?: string; parentId?: string | null };
  },
  found?: Row[],
): Promise<DepartmentDto> {
  const { db } = s;
  const { orgId, patch } = input;
  const current = await find(db, orgId, input.id, found);
  await checkParent(db, orgId, patch.parentId, current.id);
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
    ...(patch.parentId ? [noLoop(db, current.id)] : []),
    auditEvent(
      db,
      {
        orgId: current.orgId,
        actorId: input.actorId,
        action: 'department.update',
        targetType: 'department',
        targetId: current.id,
        detail: patch,
      },
      s.now(),
    ),
  ]);
  // A move made at the same time turned this one into a loop: checkParent now says so (422).
  await unlessDuplicate(moved, nameTaken).catch(async (err: unknown) => {
    await checkParent(db, orgId, patch.parentId, current.id);
    throw err;
  });
  return toDto(next);
}

/** Deletes a department; its children move up to its parent (see the top of this file). */
export async function deleteDepartment(
  s: Services,
  input: { orgId: string; actorId: string; id: string },
  found?: Row[],
): Promise<void> {
  const { db } = s;
  const d = await find(db, input.orgId, input.id, found);
  await db.batch([
    db
      .update(departments)
      .set({ parentId: d.parentId })
      .where(and(eq(departments.orgId, d.orgId), eq(departments.parentId, d.id))),
    db.delete(departments).where(eq(departments.id, d.id)),
    auditEvent(
      db,
      {
        orgId: d.orgId,
        actorId: input.actorId,
        action: 'department.delete',
        targetType: 'department',
        targetId: d.id,
        detail: { name: d.name },
      },
      s.now(),
    ),
  ]);
}
