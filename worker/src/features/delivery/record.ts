/**
 * Records a delivery report (a Resend webhook event, an SMS status callback) on the message it is
 * about, and on the member that message invited: one guarded batch, so a report counts once and
 * whole.
 *
 * - The report's id goes into `webhook_receipts` first; a second report with the same id stops the
 *   batch there (a retry or a replay changes nothing more).
 * - The message (found by the provider's id the drainer stored, mail/outbox-drain.ts, or by its
 *   own outbox id when the report names it — a report that outruns that write still lands) takes the
 *   new status only when it goes further than the one it has: delayed < delivered < bounced,
 *   complained, failed. Reports that arrive out of order never take a status back.
 * - The member whose invitation or welcome it was (member_* kinds: by its single-use link while that
 *   link is still the current one; welcome kinds: by the application) takes the same status when
 *   the message did; a bounce, complaint or failure also sets a pending member's invitation state to
 *   `error` with the reason, which the Users table's "error" filter finds. Personal invitations read
 *   their message's status when listed (features/invitations/invitations.ts).
 */
import { sql } from 'drizzle-orm';
import type { DeliveryStatus } from '../../../../shared/api/delivery';
import type { Db } from '../../db/client';
import { abortUnless, isGuardFailure } from '../../db/guarded';
import { memberships, outbox, webhookReceipts } from '../../db/schema';

export interface DeliveryReport {
  /** Unique per report as the sender names it (`resend:<svix-id>`, `sms:<sid>:<status>`). */
  receiptId: string;
  channel: 'email' | 'sms';
  providerMessageId: string;
  /**
   * The outbox row the message came from, when the report names it (Resend's `outbox_id` tag,
   * mail/resend.ts): the report then finds its message even if it arrives before the drainer stored
   * the provider's id.
   */
  outboxId?: string | null;
  status: DeliveryStatus;
  /** When the provider saw it. */
  at: number;
  reason: string | null;
}

/** How far along a status is; a report applies only when it goes further. */
const rank = (column: unknown) =>
  sql`(CASE ${column} WHEN 'delayed' THEN 1 WHEN 'delivered' THEN 2 WHEN 'bounced' THEN 3 WHEN 'complained' THEN 3 WHEN 'failed' THEN 3 ELSE 0 END)`;
const RANK: Record<DeliveryStatus, number> = {
  delayed: 1,
  delivered: 2,
  bounced: 3,
  complained: 3,
  failed: 3,
};

/** What a member's invitation error says when the report carries no words of its own. */
const PROBLEM: Partial<Record<DeliveryStatus, string>> = {
  bounced: 'The receiving mail server refused the message',
  complained: 'The recipient marked the message as spam',
  failed: 'The message could not be delivered',
};

const MEMBER_KINDS = sql.raw(
  `'member_invite_email', 'member_invite_sms', 'member_password_email', 'member_password_sms'`,
);
const WELCOME_KINDS = sql.raw(`'welcome', 'welcome_initial_password'`);

/** `unknown`: no message of this server is the one the report is about (another environment's…). */
export type RecordOutcome = 'recorded' | 'replayed' | 'unknown';

export async function recordDelivery(
  db: Db,
  report: DeliveryReport,
  now: number,
): Promise<RecordOutcome> {
  const { status, at, providerMessageId: pid, channel } = report;
  const reason = report.reason?.slice(0, 300) || null;
  const problem = RANK[status] === 3;
  const errorText = reason ?? PROBLEM[status] ?? null;
  /** The message the report is about, as the outbox row `o`. */
  const about = (o: string) => {
    const byProvider = sql`${sql.raw(o)}.provider_message_id = ${pid}`;
    return sql`${sql.raw(o)}.channel = ${channel} AND ${
      report.outboxId ? sql`(${byProvider} OR ${sql.raw(o)}.id = ${report.outboxId})` : byProvider
    }`;
  };
  // The message as this report left it: only then does its member follow.
  const applied = sql`${about('o')} AND o.delivery_status = ${status} AND o.delivery_at = ${at}`;
  try {
    const [, , , , known] = await db.batch([
      db
        .insert(webhookReceipts)
        .values({ id: report.receiptId, receivedAt: now })
        .onConflictDoNothing(),
      abortUnless(db, sql`changes() > 0`, 'report already processed'),
      db
        .update(outbox)
        .set({ deliveryStatus: status, deliveryAt: at, deliveryReason: reason })
        .where(sql`${about('outbox')} AND ${rank(outbox.deliveryStatus)} < ${RANK[status]}`),
      db
        .update(memberships)
        .set({
          deliveryStatus: status,
          deliveryAt: at,
          deliveryReason: reason,
          ...(problem
            ? {
                invitationState: sql`CASE WHEN ${memberships.status} = 'pending' THEN 'error' ELSE ${memberships.invitationState} END`,
                invitationError: sql`CASE WHEN ${memberships.status} = 'pending' THEN ${errorText} ELSE ${memberships.invitationError} END`,
              }
            : {}),
          updatedAt: now,
        })
        .where(
          sql`(${memberships.orgId}, ${memberships.userId}) IN (
            SELECT a.org_id, a.user_id FROM outbox o JOIN action_tokens a ON a.id = o.ref_id AND a.used_at IS NULL
              WHERE ${applied} AND o.kind IN (${MEMBER_KINDS})
            UNION ALL
            SELECT ap.org_id, ap.user_id FROM outbox o JOIN applications ap ON ap.id = o.ref_id
              WHERE ${applied} AND o.kind IN (${WELCOME_KINDS}))`,
        ),
      db.select({ id: outbox.id }).from(outbox).where(about('outbox')).limit(1),
    ]);
    return known.length ? 'recorded' : 'unknown';
  } catch (err) {
    if (isGuardFailure(err)) return 'replayed';
    throw err;
  }
}
