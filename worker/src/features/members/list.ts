/** The people of an organization as its owners and admins see them: a list, and one person. */
import { eq, gte, lt, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type * as z from 'zod/mini';
import type { Page } from '../../../../shared/api/common';
import type { listMembersQuerySchema, MemberDto } from '../../../../shared/api/members';
import { toPage } from '../../db/pagination';
import { memberships, users } from '../../db/schema';
import type { Services } from '../../env';
import { listPage } from '../../db/search-index';
import { findMember, toMemberDto } from './members';

export type ListMembersQuery = z.output<typeof listMembersQuerySchema>;

const between = (column: SQLiteColumn, from?: string, to?: string): SQL[] => [
  ...(from ? [gte(column, Date.parse(from))] : []),
  ...(to ? [lt(column, Date.parse(to))] : []),
];

/** A page of the members, newest first, searched and filtered as the query says. */
export async function listMembers(
  s: Services,
  input: { orgId: string; query: ListMembersQuery },
): Promise<Page<MemberDto>> {
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
  } = input.query;
  const { db } = s;
  const rows = await listPage(
    db,
    {
      org: memberships.orgId,
      createdAt: memberships.createdAt,
      id: memberships.userId,
      orgId: input.orgId,
      cursor,
      limit,
      filters: [
        status ? eq(memberships.status, status) : undefined,
        invitation ? eq(memberships.invitationState, invitation) : undefined,
        ...between(memberships.activatedAt, registeredFrom, registeredTo),
        ...between(memberships.lastActiveAt, activeFrom, activeTo),
      ],
      search: q ? { kind: 'member', q } : undefined,
    },
    (where, orderBy) =>
      db
        .select({ m: memberships, u: users })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(where)
        .orderBy(...orderBy)
        .limit(limit + 1),
  );
  return toPage(rows, limit, (r) => ({ t: r.m.createdAt, id: r.m.userId }), toMemberDto);
}

/** One member (404 when the person is not in the organization). */
export async function showMember(
  s: Services,
  input: { orgId: string; userId: string },
): Promise<MemberDto> {
  return toMemberDto(await findMember(s.db, input.orgId, input.userId));
}
