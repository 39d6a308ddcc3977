/**
 * The last owner stays: a change that would leave the organization without an active owner (a
 * demotion, a removal) is refused with 409, before the write and again inside its batch.
 */
import { and, count, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { memberships } from '../../db/schema';
import { AppError } from '../../errors';
import type { MembershipRow } from './members';
import { abortUnless } from '../../db/guarded';

/** 409 when this change would leave the organization without an active owner. */
export async function keepAnOwner(
  db: Db,
  orgId: string,
  target: MembershipRow,
  losing: boolean,
): Promise<void> {
  if (!losesOwner(target, losing)) return;
  const [row] = await db
    .select({ n: count() })
    .from(memberships)
    .where(
      and(
        eq(memberships.orgId, orgId),
        eq(memberships.role, 'owner'),
        eq(memberships.status, 'active'),
      ),
    );
  if ((row?.n ?? 0) <= 1)
    throw new AppError(
      'conflict',
      'The organization needs at least one owner; make someone else an owner first',
    );
}

export const losesOwner = (target: MembershipRow, losing: boolean) =>
  losing && target.role === 'owner' && target.status === 'active';

/**
 * The check above decides alone only when nobody else is changing owners: two owners removing each
 * other at once both pass it. After the write in the batch, this fails the batch (as unlessChanged
 * does) unless an owner remains.
 */
export const ownerRemains = (db: Db, orgId: string) =>
  abortUnless(
    db,
    sql`EXISTS (SELECT 1 FROM memberships WHERE org_id = ${orgId} AND role = 'owner' AND status = 'active')`,
    'no owner would remain',
  );

/**
 * Runs a batch that may remove an owner; a batch that failed because none would remain answers 409.
 */
export async function keepingAnOwner(
  db: Db,
  orgId: string,
  target: MembershipRow,
  losing: boolean,
  batch: () => Promise<unknown>,
): Promise<void> {
  try {
    await batch();
  } catch (err) {
    await keepAnOwner(db, orgId, target, losing);
    throw err;
  }
}
