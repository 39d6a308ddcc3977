/**
 * A pending membership becomes active once the newcomer proved control of their address: through a
 * single-use link (features/accounts/single-use-links.ts) or by signing in with an initial password
 * (features/accounts/initial-password.ts).
 */
import { and, eq, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { memberships } from '../../db/schema';

/**
 * Makes a pending membership active: the newcomer proved control of their address — as long as
 * whoever vouched for the link may still let them in (`authority`, from
 * features/organizations/authority.ts `joinAuthority`).
 */
export function activateMembership(
  db: Db,
  target: { orgId: string; userId: string },
  authority: SQL,
  now: number,
) {
  return db
    .update(memberships)
    .set({ status: 'active', activatedAt: now, updatedAt: now })
    .where(
      and(
        eq(memberships.orgId, target.orgId),
        eq(memberships.userId, target.userId),
        eq(memberships.status, 'pending'),
        authority,
      ),
    );
}
