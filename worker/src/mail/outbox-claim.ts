/**
 * Which outbox rows are due, and claiming them with a lease (worker/src/mail/outbox.ts): a crashed
 * drainer's claim runs out and the row is claimed again.
 */
import { and, eq, inArray, type Placeholder, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { outbox } from '../db/schema';
import { newId } from '../lib/ids';

export type OutboxRow = typeof outbox.$inferSelect;

/** Queued and due, or claimed by a drainer whose lease ran out. */
export const due = (t: number | Placeholder) =>
  sql`((${outbox.status} = 'queued' AND ${outbox.nextAttemptAt} <= ${t}) OR (${outbox.status} = 'sending' AND ${outbox.lockedUntil} <= ${t}))`;

/**
 * One indexed read: is anything due? Most kicks find nothing, and the three claiming writes cost
 * far more.
 */
export const prepareAnythingDue = (db: Db) =>
  db
    .select({ id: outbox.id })
    .from(outbox)
    .where(due(sql.placeholder('t')))
    .limit(1)
    .prepare();

/**
 * Claims whole batches that earlier attempts formed, then up to a batch of fresh e-mails and SMS.
 */
export async function claimDue(
  db: Db,
  t: number,
  opts: { leaseMs: number; emailBatch: number },
): Promise<OutboxRow[]> {
  const lease = {
    status: 'sending' as const,
    lockedUntil: t + opts.leaseMs,
    attempts: sql`${outbox.attempts} + 1`,
  };
  const earlier = db
    .selectDistinct({ key: outbox.batchKey })
    .from(outbox)
    .where(and(sql`${outbox.batchKey} IS NOT NULL`, due(t)))
    .limit(10);
  const old = await db
    .update(outbox)
    .set(lease)
    .where(and(inArray(outbox.batchKey, earlier), due(t)))
    .returning();
  const fresh = (channel: 'email' | 'sms', limit: number, batchKey: string | SQL) =>
    db
      .update(outbox)
      .set({ ...lease, batchKey })
      .where(
        inArray(
          outbox.id,
          db
            .select({ id: outbox.id })
            .from(outbox)
            .where(
              and(
                eq(outbox.status, 'queued'),
                sql`${outbox.batchKey} IS NULL`,
                eq(outbox.channel, channel),
                sql`${outbox.nextAttemptAt} <= ${t}`,
              ),
            )
            .orderBy(outbox.nextAttemptAt)
            .limit(limit),
        ),
      )
      .returning();
  const emails = await fresh('email', opts.emailBatch, newId());
  const sms = await fresh('sms', 20, sql`${outbox.id}`);
  return [...old, ...emails, ...sms];
}
