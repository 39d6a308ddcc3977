/** What the API shows of a user and their organizations. */
import { and, eq } from 'drizzle-orm';
import type { MeResponse, UserDto } from '../../../../shared/api/auth';
import type { Db } from '../../db/client';
import { memberships, organizations, type users } from '../../db/schema';
import type { Services } from '../../env';

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

/** Who the signed-in user is, and the organizations they are an active member of. */
export async function myAccount(
  s: Pick<Services, 'db'>,
  input: { user: typeof users.$inferSelect },
): Promise<MeResponse> {
  return {
    user: toUserDto(input.user),
    memberships: await activeMemberships(s.db, input.user.id),
  };
}
