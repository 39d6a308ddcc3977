/** What the API shows of a user and their organizations. */
import { and, eq, type SQL } from 'drizzle-orm';
import type { MeResponse, UserDto } from '../../../../shared/api/auth';
import type { Db } from '../../db/client';
import { memberships, organizations, type users } from '../../db/schema';

export const toUserDto = (u: typeof users.$inferSelect): UserDto => ({
  id: u.id,
  email: u.email ?? '',
  phone: u.phone,
  name: u.name,
  mustChangePassword: u.mustChangePassword,
});

/** The organizations a user is an active member of, by name (`userId` may be SQL naming them). */
export const activeMembershipsStatement = (db: Db, userId: string | SQL) =>
  db
    .select({ orgId: organizations.id, orgName: organizations.name, role: memberships.role })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.orgId))
    .where(and(eq(memberships.userId, userId), eq(memberships.status, 'active')))
    .orderBy(organizations.name);

export const activeMemberships = (db: Db, userId: string): Promise<MeResponse['memberships']> =>
  activeMembershipsStatement(db, userId);
