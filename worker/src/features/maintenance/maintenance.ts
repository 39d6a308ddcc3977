/**
 * Housekeeping that no request does on its own: the Worker runs it on a Cron Trigger, the Node
 * entry on a timer. It marks pending invitations whose time has run out as expired (with an audit
 * event each), deletes expired sessions, rate-limit windows that have closed, single-use links long
 * past use, delivered messages older than a month and delivery reports' ids older than a week, then drains the outbox, the safety net for
 * mail a request's background delivery did not finish.
 *
 * Two runs may overlap (a slow cron and the next one, two isolates): every statement is a guarded
 * write that a second run finds already done, and the outbox's leased claims let only one drainer
 * send a message. Invite links need no marking: a link's expiry is checked when it is used.
 */
import { ATTEMPTS_RETENTION_MS } from '../webhooks/deliver';
import { invitationsExpiredEvents } from '../webhooks/events';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import type { Drainer } from '../../mail/outbox';
import { newId } from '../../lib/ids';
import { renewalMaintenance } from '../renewals/maintenance';

/**
 * Used or expired single-use links are kept this long, so a late click still reads "already used".
 */
export const ACTION_TOKEN_RETENTION_MS = 7 * 24 * 3600_000;
/** Delivered and skipped outbox rows are kept this long (failed ones stay, for diagnosis). */
export const OUTBOX_RETENTION_MS = 30 * 24 * 3600_000;
/**
 * Processed delivery reports' ids are kept this long (features/delivery): longer than Resend (Svix)
 * and Twilio retry a report.
 */
export const WEBHOOK_RECEIPT_RETENTION_MS = 7 * 24 * 3600_000;
/** At most this many outbox rows go per run, so one run stays short however much piled up. */
const OUTBOX_PRUNE_LIMIT = 10_000;

export interface MaintenanceDeps {
  db: Db;
  outbox: Drainer;
  now: () => number;
  log: (line: string) => void;
}

export interface MaintenanceResult {
  expiredInvitations: number;
  /** Reminders queued to invitees, and expiry notices to inviters (features/renewals/maintenance.ts). */
  reminders: number;
  expiryNotices: number;
  deletedSessions: number;
  deletedRateLimits: number;
  deletedActionTokens: number;
  deletedMessages: number;
  deletedWebhookAttempts: number;
  deletedWebhookReceipts: number;
  /** What failed, by step; the other steps still ran. */
  errors: string[];
}

const affected = (r: unknown) => Number((r as { rowsAffected?: number }).rowsAffected ?? 0);

export async function runMaintenance(deps: MaintenanceDeps): Promise<MaintenanceResult> {
  const { db } = deps;
  const t = deps.now();
  const result: MaintenanceResult = {
    expiredInvitations: 0,
    reminders: 0,
    expiryNotices: 0,
    deletedSessions: 0,
    deletedRateLimits: 0,
    deletedActionTokens: 0,
    deletedMessages: 0,
    deletedWebhookAttempts: 0,
    deletedWebhookReceipts: 0,
    errors: [],
  };
  const oldTokens = t - ACTION_TOKEN_RETENTION_MS;
  try {
    // One batch, one transaction: the audit rows, reminders, expiry notices and webhook events are
    // read from exactly the invitations the update marks.
    const [
      reminded,
      ,
      noticed,
      ,
      ,
      ,
      expired,
      sessions,
      limits,
      tokens,
      messages,
      codes,
      attempts,
      ,
      receipts,
    ] = await db.batch([
      ...renewalMaintenance(db, t, newId()),
      invitationsExpiredEvents(db, t),
      db.run(sql`INSERT INTO audit_events (id, org_id, actor_id, action, target_type, target_id, detail, created_at)
        SELECT lower(hex(randomblob(12))), org_id, NULL, 'invitation.expire', 'invitation', id, NULL, ${t}
        FROM invitations WHERE status = 'pending' AND expires_at <= ${t}`),
      db.run(
        sql`UPDATE invitations SET status = 'expired', updated_at = ${t} WHERE status = 'pending' AND expires_at <= ${t}`,
      ),
      db.run(sql`DELETE FROM sessions WHERE expires_at <= ${t}`),
      db.run(sql`DELETE FROM rate_limits WHERE reset_at <= ${t}`),
      db.run(
        sql`DELETE FROM action_tokens WHERE expires_at <= ${oldTokens} OR used_at <= ${oldTokens}`,
      ),
      // A sent row's next_attempt_at is its last attempt, so the (status, next_attempt_at) index
      // finds old ones.
      db.run(sql`DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE status IN ('sent', 'skipped')
        AND next_attempt_at <= ${t - OUTBOX_RETENTION_MS} LIMIT ${OUTBOX_PRUNE_LIMIT})`),
      // Verification codes live ten minutes; the rows go with the single-use links' retention.
      db.run(sql`DELETE FROM verification_codes WHERE expires_at <= ${oldTokens}`),
      // The webhook delivery log keeps 14 days; finished deliveries go with it.
      db.run(sql`DELETE FROM webhook_attempts WHERE at <= ${t - ATTEMPTS_RETENTION_MS}`),
      db.run(sql`DELETE FROM webhook_deliveries WHERE id IN (SELECT id FROM webhook_deliveries
        WHERE status IN ('delivered', 'failed', 'canceled') AND next_attempt_at <= ${t - ATTEMPTS_RETENTION_MS} LIMIT ${OUTBOX_PRUNE_LIMIT})`),
      db.run(
        sql`DELETE FROM webhook_receipts WHERE received_at <= ${t - WEBHOOK_RECEIPT_RETENTION_MS}`,
      ),
    ]);
    result.expiredInvitations = affected(expired);
    result.reminders = affected(reminded);
    result.expiryNotices = affected(noticed);
    result.deletedSessions = affected(sessions);
    result.deletedRateLimits = affected(limits);
    result.deletedActionTokens = affected(tokens) + affected(codes);
    result.deletedMessages = affected(messages);
    result.deletedWebhookAttempts = affected(attempts);
    result.deletedWebhookReceipts = affected(receipts);
  } catch (err) {
    result.errors.push(`cleanup: ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    await deps.outbox.kick();
  } catch (err) {
    result.errors.push(`outbox: ${err instanceof Error ? err.message : String(err)}`);
  }
  const { errors, ...counts } = result;
  const changed = Object.entries(counts).filter(([, n]) => n > 0);
  if (changed.length) deps.log(`maintenance: ${changed.map(([k, n]) => `${k}=${n}`).join(' ')}`);
  for (const e of errors) deps.log(`maintenance failed: ${e}`);
  return result;
}
