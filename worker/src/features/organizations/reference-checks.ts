/**
 * References a request makes to things inside the organization (a department, workspaces). A
 * department or a workspace of another organization, or one that does not exist, is refused with
 * 422 and the field named: the caller cannot tell the two apart, so nothing leaks across tenants.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Role } from '../../../../shared/api/common';
import type { WorkspaceGrant } from '../../../../shared/api/invitations';
import type { Db } from '../../db/client';
import { departments, workspaces } from '../../db/schema';
import { AppError } from '../../errors';

export async function checkDepartment(
  db: Db,
  orgId: string,
  departmentId: string | null | undefined,
  field = 'departmentId',
): Promise<void> {
  if (departmentId == null) return;
  const [row] = await db
    .select({ id: departments.id })
    .from(departments)
    .where(and(eq(departments.id, departmentId), eq(departments.orgId, orgId)))
    .limit(1);
  if (!row)
    throw new AppError('invalid_input', 'That department does not exist in this organization', {
      [field]: 'does not exist in this organization',
    });
}

/**
 * Workspace pre-assignment is for the member role only (admins and owners see every workspace);
 * each workspace must belong to the organization and appear once.
 */
export async function checkWorkspaceGrants(
  db: Db,
  orgId: string,
  role: Role,
  grants: WorkspaceGrant[] | undefined,
): Promise<void> {
  if (!grants || grants.length === 0) return;
  if (role !== 'member') {
    throw new AppError(
      'invalid_input',
      'Workspaces are pre-assigned only to members; admins and owners see every workspace',
      {
        workspaces: 'only for the member role',
      },
    );
  }
  const seen = new Set<string>();
  grants.forEach((g, i) => {
    if (seen.has(g.workspaceId))
      throw new AppError('invalid_input', 'A workspace is listed twice', {
        [`workspaces.${i}.workspaceId`]: 'is listed twice',
      });
    seen.add(g.workspaceId);
  });
  const found = await db
    .select({ id: workspaces.id })
    .from(workspaces)
    .where(and(eq(workspaces.orgId, orgId), inArray(workspaces.id, [...seen])));
  const known = new Set(found.map((w) => w.id));
  const missing = grants.findIndex((g) => !known.has(g.workspaceId));
  if (missing >= 0) {
    throw new AppError('invalid_input', 'That workspace does not exist in this organization', {
      [`workspaces.${missing}.workspaceId`]: 'does not exist in this organization',
    });
  }
}
