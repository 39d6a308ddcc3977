/**
 * The name an organization knows a person by: the first and last name it gave the member, else the
 * account's own name. Every page, message, list and log of an organization shows this, never a name
 * another organization set (docs/SECURITY.md, "Identity belongs to its owner; what an organization
 * knows is its own").
 */
import { sql, type SQLWrapper } from 'drizzle-orm';
import { qualified } from './qualified';
import { memberships, users } from './schema';

type MembershipRow = typeof memberships.$inferSelect;
type UserRow = typeof users.$inferSelect;

export const memberName = (
  m: Pick<MembershipRow, 'firstName' | 'lastName'>,
  u: Pick<UserRow, 'name'>,
) => [m.firstName, m.lastName].filter(Boolean).join(' ') || u.name;

/**
 * SQL: the name the organization `orgId` knows the person `userId` by (`memberName`) — what its
 * messages and pages show, never the account's name another organization may have set.
 */
export const memberNameSql = (orgId: SQLWrapper, userId: SQLWrapper) =>
  sql<string>`(SELECT coalesce(nullif(trim(coalesce(m.first_name, '') || ' ' || coalesce(m.last_name, '')), ''), u.name)
    FROM ${users} u LEFT JOIN ${memberships} m ON m.user_id = u.id AND m.org_id = ${qualified(orgId)} WHERE u.id = ${qualified(userId)})`;
