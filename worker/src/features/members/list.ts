/** The people of an organization as its owners and admins see them: a list, and one person. */
import { eq, gte, lt, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type * as z from 'zod/mini';
import type { Page } from '../../../../shared/api/common';
import type { listMembersQuerySchema, MemberDto } from '../../../../shared/api/members';
import { toPage } from '../../db/pagination';
import { memberships, users } from '../../db/schema';
import type { Services } from '../../env';
import { listPage, listStatement, type ListSpec } from '../../db/search-index';
import type { Db } from '../../db/client';
import { toMemberDto } from './members';

export type ListMembersQuery = z.output<typeof listMembersQuerySchema>;

const between = (column: SQLiteColumn, from?: string, to?: string): SQL[] => [
  ...(from ? [gte(column, Date.parse(from))] : []),
  ...(to ? [lt(column, Date.parse(to))] : []),
];

function membersList(db: Db, orgId: string, query: ListMembersQuery) {
  const {
    q,
    status,
    invitation,
    registeredFrom,
    registeredTo,
    activeFrom,
    activeTo,
    cursor,
    limit,
  } = query;
  const spec: ListSpec = {
    org: memberships.orgId,
    createdAt: memberships.createdAt,
    id: memberships.userId,
    orgId,
    cursor,
    limit,
    filters: [
      status ? eq(memberships.status, status) : undefined,
      invitation ? eq(memberships.invitationState, invitation) : undefined,
      ...between(memberships.activatedAt, registeredFrom, registeredTo),
      ...between(memberships.lastActiveAt, activeFrom, activeTo),
    ],
    search: q ? { kind: 'member', q } : undefined,
  };
  const read = (where: SQL | undefined, orderBy: SQL[]) =>
    db
      .select({ m: memberships, u: users })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(where)
      .orderBy(...orderBy)
      .limit(limit + 1);
  return { spec, read };
}

/** The page in one statement, sent with the caller's lookup; null with a `q` filter. */
export function membersStatement(db: Db, orgId: string, query: ListMembersQuery) {
  const { spec, read } = membersList(db, orgId, query);
  return listStatement(spec, read);
}

/**
 * A page of the members, newest first, searched and filtered as the query says: from what
 * `membersStatement` read, or (with a `q` filter, `rows` null) read now.
 */
export async function listMembers(
  s: Services,
  input: { orgId: string; query: ListMembersQuery },
  rows: Awaited<ReturnType<typeof membersStatement>> = null,
): Promise<Page<MemberDto>> {
  const { spec, read } = membersList(s.db, input.orgId, input.query);
  const page = rows ?? (await listPage(s.db, spec, read));
  return toPage(
    page,
    input.query.limit,
    (r) => ({ t: r.m.createdAt, id: r.m.userId }),
    toMemberDto,
  );
}
