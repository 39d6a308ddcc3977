/** What the API shows of a user and their organizations. */
import { and, eq } from 'drizzle-orm';
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

export async function activeMemberships(
  db: Db,
  userId: string,
): Promise<MeResponse['memberships']> {
  const rows = await db
    .select({ orgId: organizations.id, orgName: organizations.name, role: memberships.role })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.orgId))
    .where(and(eq(memberships.userId, userId), eq(memberships.status, 'active')))
    .orderBy(organizations.name);
  return rows;
}
