/**
 * References a request makes to things inside the organization (a department, workspaces). A
 * department or a workspace of another organization, or one that does not exist, is refused with
 * 422 and the field named: the caller cannot tell the two apart, so nothing leaks across tenants.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Role } from '../../../../shared/api/common';
import type { WorkspaceGrant } from '../../../../shared/api/invitations';
import type { Db } from '../../db/client';
import { departments, workspaces } from '../../db/schema';
import { AppError } from '../../errors';
import { outsideDomains, personAllowed } from '../../lib/email';

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
  refuseUnknownDepartment(departmentId, row !== undefined, field);
}

/** SQL: 1 when the department is the organization's (for a statement that reads more at once). */
export const departmentExistsSql = (orgId: string, departmentId: string) =>
  sql<number>`EXISTS (SELECT 1 FROM ${departments} WHERE ${departments.id} = ${departmentId} AND ${departments.orgId} = ${orgId})`;

/** SQL: the ids among `ids` that are workspaces of the organization, as a JSON array. */
export const knownWorkspacesSql = (orgId: string, ids: string[]) =>
  sql<string>`(SELECT json_group_array(${workspaces.id}) FROM ${workspaces} WHERE ${workspaces.orgId} = ${orgId} AND ${workspaces.id} IN (SELECT value FROM json_each(${JSON.stringify(ids)})))`;

/**
 * Refuses (422, on the `email` field) a person the organization's `allowedEmailDomains` do not take
 * now (lib/email.ts `personAllowed`).
 */
export function refuseOutsideDomains(email: string | null, allowed: readonly string[]): void {
  if (!personAllowed(email, allowed))
    throw new AppError('invalid_input', outsideDomains(email, allowed), {
      email: email
        ? 'is not at a domain this organization accepts'
        : 'is required by this organization',
    });
}

/** Refuses a department that `exists` says is not the organization's. */
export function refuseUnknownDepartment(
  departmentId: string | null | undefined,
  exists: boolean,
  field = 'departmentId',
): void {
  if (departmentId != null && !exists)
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
  refuseBadGrants(role, grants, null);
  const found = await db
    .select({ id: workspaces.id })
    .from(workspaces)
    .where(
      and(
        eq(workspaces.orgId, orgId),
        inArray(workspaces.id, [...new Set(grants.map((g) => g.workspaceId))]),
      ),
    );
  refuseBadGrants(role, grants, new Set(found.map((w) => w.id)));
}

/**
 * The same rules with the organization's workspaces among the grants already read (`known`; null:
 * not read yet, only the rules that need none).
 */
export function refuseBadGrants(
  role: Role,
  grants: WorkspaceGrant[] | undefined,
  known: ReadonlySet<string> | null,
): void {
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
  if (!known) return;
  const missing = grants.findIndex((g) => !known.has(g.workspaceId));
  if (missing >= 0) {
    throw new AppError('invalid_input', 'That workspace does not exist in this organization', {
      [`workspaces.${missing}.workspaceId`]: 'does not exist in this organization',
    });
  }
}
