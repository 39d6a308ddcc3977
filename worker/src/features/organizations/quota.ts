/**
 * Message quotas per organization (docs/SECURITY.md, "Abuse"): anyone may be able to create an
 * organization, so an organization may send only so many e-mails and SMS an hour and a day — the
 * server's defaults (`ORG_MESSAGES_PER_HOUR`, `ORG_MESSAGES_PER_DAY`), or what the operator set for
 * it (`npm run org:quota`).
 *
 * Two budgets: what the organization's people send (invitations, member invitations, welcomes they
 * approve) counts against the quota; what strangers set off (a join through a link without
 * approval, a code asked for, a notice to a member who applied) counts against a public budget of a
 * fifth of it (`outbox.by_public`), so nobody outside can spend what the admins need. A request
 * that would pass its budget is refused whole with 429 and the time until it would fit; the check
 * is read before the batch for the answer, and again inside the batch (`quotaGuard`), so requests
 * at the same moment cannot pass it together.
 */
import { and, eq, gt, ne, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from '../../db/client';
import { outbox } from '../../db/schema';
import type { Quota, Services } from '../../env';
import { AppError } from '../../errors';
import { abortUnless, isGuardFailure } from '../../db/guarded';
import { HOUR_MS } from '../../lib/time';

/** An organization as far as its quota goes (its row's own quota columns; null: the server's). */
export type QuotaHolder = {
  id: string;
  messagesPerHour: number | null;
  messagesPerDay: number | null;
};
/** Whose budget: the organization's people (default), or strangers'. */
export type Budget = { byPublic?: boolean };

const DAY_MS = 24 * HOUR_MS;

/** An organization's quota: its own, else the server's. */
export const quotaOf = (
  org: { messagesPerHour: number | null; messagesPerDay: number | null },
  defaults: Quota,
): Quota => ({
  perHour: org.messagesPerHour ?? defaults.perHour,
  perDay: org.messagesPerDay ?? defaults.perDay,
});

/** The public budget: a fifth of the quota. */
export const publicShare = (q: Quota): Quota => ({
  perHour: Math.max(1, Math.floor(q.perHour / 5)),
  perDay: Math.max(1, Math.floor(q.perDay / 5)),
});

const limitsFor = (org: QuotaHolder, defaults: Quota, budget: Budget) =>
  budget.byPublic ? publicShare(quotaOf(org, defaults)) : quotaOf(org, defaults);

/**
 * Messages of one budget the organization queued in the last hour and day, and when the oldest of
 * each leaves its window: in one statement (`usageOf` reads it), or as one column of another
 * (`usageColumn`, `usageFromColumn`).
 */
export function quotaUsageStatement(db: Db, orgId: string, now: number, budget: Budget = {}) {
  return db
    .select({
      day: sql<number>`count(*)`,
      hour: sql<number>`coalesce(sum(${outbox.createdAt} > ${now - HOUR_MS}), 0)`,
      oldestInDay: sql<number | null>`min(${outbox.createdAt})`,
      oldestInHour: sql<
        number | null
      >`min(CASE WHEN ${outbox.createdAt} > ${now - HOUR_MS} THEN ${outbox.createdAt} END)`,
    })
    .from(outbox)
    .where(
      and(
        eq(outbox.orgId, orgId),
        gt(outbox.createdAt, now - DAY_MS),
        eq(outbox.byPublic, budget.byPublic === true),
        ne(outbox.status, 'skipped'),
      ),
    );
}

export function usageColumn(orgId: SQLWrapper, now: number, budget: Budget = {}) {
  return sql<string>`(SELECT json_object('day', count(*), 'hour', coalesce(sum(o.created_at > ${now - HOUR_MS}), 0),
      'oldestInDay', min(o.created_at), 'oldestInHour', min(CASE WHEN o.created_at > ${now - HOUR_MS} THEN o.created_at END))
    FROM ${outbox} o WHERE o.org_id = ${orgId} AND o.created_at > ${now - DAY_MS}
      AND o.by_public = ${budget.byPublic === true ? 1 : 0} AND o.status <> 'skipped')`;
}

/** What `usageColumn` read, as `quotaUsageStatement` answers it. */
export const usageFromColumn = (json: string): Awaited<ReturnType<typeof quotaUsageStatement>> => [
  JSON.parse(json) as Awaited<ReturnType<typeof quotaUsageStatement>>[number],
];

export function usageOf(rows: Awaited<ReturnType<typeof quotaUsageStatement>>) {
  const [row] = rows;
  return {
    hour: row?.hour ?? 0,
    day: row?.day ?? 0,
    oldestInHour: row?.oldestInHour ?? null,
    oldestInDay: row?.oldestInDay ?? null,
  };
}

export async function quotaUsage(db: Db, orgId: string, now: number, budget: Budget = {}) {
  return usageOf(await quotaUsageStatement(db, orgId, now, budget));
}

const fmt = (n: number) => n.toLocaleString('en-US');

/**
 * Refuses with 429 when `adding` more messages would pass the organization's quota (or its public
 * budget).
 */
export async function checkQuota(
  s: Pick<Services, 'db' | 'now' | 'config'>,
  org: QuotaHolder,
  adding: number,
  budget: Budget = {},
): Promise<void> {
  if (adding <= 0) return;
  refuseOverQuota(s, org, adding, budget, await quotaUsageStatement(s.db, org.id, s.now(), budget));
}

/** `checkQuota` with the usage already read (`quotaUsageStatement`, sent with other statements). */
export function refuseOverQuota(
  s: Pick<Services, 'now' | 'config'>,
  org: QuotaHolder,
  adding: number,
  budget: Budget,
  usage: Awaited<ReturnType<typeof quotaUsageStatement>>,
): void {
  if (adding <= 0) return;
  const now = s.now();
  const quota = limitsFor(org, s.config.messageQuota, budget);
  const used = usageOf(usage);
  const overHour = used.hour + adding > quota.perHour;
  const overDay = used.day + adding > quota.perDay;
  if (!overHour && !overDay) return;
  const until = overDay ? (used.oldestInDay ?? now) + DAY_MS : (used.oldestInHour ?? now) + HOUR_MS;
  const wait = Math.max(1, Math.ceil((until - now) / 1000));
  if (budget.byPublic) {
    throw new AppError(
      'rate_limited',
      `This organization cannot send more messages to people outside it right now; try again in ${Math.ceil(wait / 60)} minutes.`,
      undefined,
      wait,
    );
  }
  const [spent, period] = overDay ? [used.day, 'day'] : [used.hour, 'hour'];
  const bigger =
    adding > (overDay ? quota.perDay : quota.perHour)
      ? ` This request alone is ${fmt(adding)} messages; send it in parts, or`
      : ' Try again later, or';
  throw new AppError(
    'rate_limited',
    `This organization may send ${fmt(quota.perHour)} messages an hour and ${fmt(quota.perDay)} a day; it sent ${fmt(spent)} in the last ${period}.${bigger} ask the server's operator for a larger quota.`,
    undefined,
    wait,
  );
}

/**
 * SQL: the organization's budget has room for `adding` more messages beside those queued already.
 */
export function budgetHasRoom(
  org: QuotaHolder,
  defaults: Quota,
  now: number,
  budget: Budget = {},
  adding = 0,
): SQL {
  const quota = limitsFor(org, defaults, budget);
  // A message left unsent (`skipped`: past the budget, or nothing to render) spends nothing.
  const mine = sql`${outbox.orgId} = ${org.id} AND ${outbox.byPublic} = ${budget.byPublic === true ? 1 : 0} AND ${outbox.status} <> 'skipped'`;
  return sql`((SELECT count(*) FROM ${outbox} WHERE ${mine} AND ${outbox.createdAt} > ${now - HOUR_MS}) + ${adding} <= ${quota.perHour}
      AND (SELECT count(*) FROM ${outbox} WHERE ${mine} AND ${outbox.createdAt} > ${now - DAY_MS}) + ${adding} <= ${quota.perDay})`;
}

/**
 * A batch statement that fails the batch unless the organization is still within its budget once
 * the batch's messages are in. Put it after the statements that queue them.
 */
export function quotaGuard(
  db: Db,
  org: QuotaHolder,
  defaults: Quota,
  now: number,
  budget: Budget = {},
) {
  return abortUnless(
    db,
    budgetHasRoom(org, defaults, now, budget),
    'the organization passed its message quota',
  );
}

/**
 * Runs a batch that queues `adding` messages of the organization, within its budget: the guard
 * `run` must put in its batch, after the messages, fails the whole batch past the budget, and only
 * then is the usage read, for the 429's wait and wording (so a write within its budget makes no
 * round trip for it).
 */
export async function withinQuota<T>(
  s: Pick<Services, 'db' | 'now' | 'config'>,
  org: QuotaHolder,
  adding: number,
  run: (guard: BatchItem<'sqlite'>[]) => Promise<T>,
  budget: Budget = {},
): Promise<T> {
  if (adding <= 0) return run([]);
  try {
    return await run([quotaGuard(s.db, org, s.config.messageQuota, s.now(), budget)]);
  } catch (err) {
    if (isGuardFailure(err)) await checkQuota(s, org, adding, budget);
    throw err;
  }
}
