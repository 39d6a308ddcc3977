/**
 * Delivering webhooks: the drainer beside the outbox's (mail/outbox-drain.ts), with its pattern —
 * due rows claimed with a lease (a crashed drainer's claim runs out and the row is claimed again),
 * retries with backoff, kicked after responses and by the maintenance pass. Each attempt POSTs the
 * event's fixed JSON body with Standard Webhooks headers (`webhook-id` the event's id on every
 * attempt, `webhook-timestamp`, `webhook-signature`), follows no redirect and waits at most 10 s;
 * a 2xx answer is delivered. The URL is checked again before every attempt (destination.ts).
 * An endpoint whose every attempt failed for 3 days is disabled, with an audit event and a notice
 * to the organization's owners and admins (disabled-mail.ts).
 */
import { and, eq, inArray, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { insertWhere } from '../../db/guarded';
import {
  auditEvents,
  memberships,
  outbox,
  users,
  webhookAttempts,
  webhookDeliveries,
  webhookEndpoints,
} from '../../db/schema';
import { HOUR_MS } from '../../lib/time';
import { newId } from '../../lib/ids';
import type { TokenKit } from '../../lib/tokens';
import { destinationProblem } from './destination';
import { decryptSecret, signWebhook } from './secrets';

const MINUTE_MS = 60_000;
/** The wait after the n-th failed attempt (1 min, 5 min, 30 min, 2 h, 6 h, 12 h, then daily). */
export const WEBHOOK_BACKOFF_MS = [
  MINUTE_MS,
  5 * MINUTE_MS,
  30 * MINUTE_MS,
  2 * HOUR_MS,
  6 * HOUR_MS,
  12 * HOUR_MS,
  24 * HOUR_MS,
];
export const webhookBackoffMs = (attempt: number) =>
  WEBHOOK_BACKOFF_MS[Math.min(attempt, WEBHOOK_BACKOFF_MS.length) - 1]!;
/** A delivery gives up after this many attempts (the last one about 92 h after the first). */
export const WEBHOOK_MAX_ATTEMPTS = 10;
/** An endpoint whose every attempt failed for this long is disabled. */
export const DISABLE_AFTER_MS = 72 * HOUR_MS;
/** The delivery log keeps this many attempts per endpoint, none older than 14 days. */
export const ATTEMPTS_KEPT = 100;
export const ATTEMPTS_RETENTION_MS = 14 * 24 * HOUR_MS;
export const WEBHOOK_TIMEOUT_MS = 10_000;
const CLAIM = 10;

type DeliveryRow = typeof webhookDeliveries.$inferSelect;

export interface AttemptOutcome {
  ok: boolean;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
}

export interface WebhookDrainerOptions {
  db: Db;
  tokens: TokenKit;
  now: () => number;
  log: (line: string) => void;
  /** Local mode: http and loopback receivers are allowed (destination.ts). */
  localMode: boolean;
  fetch?: typeof fetch;
  leaseMs?: number;
  timeoutMs?: number;
}

export interface WebhookDrainer {
  /** One pass over what is due now; how many attempts it made. */
  drainOnce(): Promise<number>;
  /** Drains until nothing is due; concurrent kicks share one run. */
  kick(): Promise<void>;
  /** Attempts one queued delivery now (the test event); null when it was not there to claim. */
  deliverNow(deliveryId: string): Promise<AttemptOutcome | null>;
}

const dueNow = (t: number) =>
  or(
    and(eq(webhookDeliveries.status, 'queued'), lte(webhookDeliveries.nextAttemptAt, t)),
    and(eq(webhookDeliveries.status, 'sending'), lte(webhookDeliveries.lockedUntil, t)),
  );

export function createWebhookDrainer(opts: WebhookDrainerOptions): WebhookDrainer {
  const { db, now, log } = opts;
  const leaseMs = opts.leaseMs ?? 60_000;
  const timeoutMs = opts.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  const send = opts.fetch ?? ((input, init) => fetch(input, init));

  const claim = (t: number, which: ReturnType<typeof dueNow>) =>
    db
      .update(webhookDeliveries)
      .set({
        status: 'sending',
        lockedUntil: t + leaseMs,
        attempts: sql`${webhookDeliveries.attempts} + 1`,
      })
      .where(which)
      .returning();

  async function post(row: DeliveryRow, url: string, secret: string): Promise<AttemptOutcome> {
    const timestamp = Math.floor(now() / 1000);
    const signature = await signWebhook(secret, row.eventId, timestamp, row.payload);
    const started = performance.now();
    const took = () => Math.round(performance.now() - started);
    try {
      const res = await send(url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Invitations-Webhooks/1',
          'webhook-id': row.eventId,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signature,
        },
        body: row.payload,
      });
      await res.body?.cancel().catch(() => {});
      const ok = res.status >= 200 && res.status < 300;
      const error = ok
        ? null
        : res.status >= 300 && res.status < 400
          ? `redirect (HTTP ${res.status}) not followed`
          : `HTTP ${res.status}`;
      return { ok, statusCode: res.status, durationMs: took(), error };
    } catch (err) {
      const name = err instanceof Error ? err.name : '';
      const error =
        name === 'TimeoutError' || name === 'AbortError'
          ? `no answer within ${timeoutMs / 1000} s`
          : `could not connect: ${err instanceof Error ? err.message : String(err)}`.slice(0, 200);
      return { ok: false, statusCode: null, durationMs: took(), error };
    }
  }

  /** What became of one attempt, committed in one batch with the log entry and the endpoint's state. */
  async function record(
    row: DeliveryRow,
    endpoint: EndpointState,
    outcome: AttemptOutcome,
  ): Promise<void> {
    const t = now();
    const mine = and(eq(webhookDeliveries.id, row.id), eq(webhookDeliveries.status, 'sending'));
    const giveUp = !outcome.ok && row.attempts >= WEBHOOK_MAX_ATTEMPTS;
    const failingSince = endpoint.failingSince ?? t;
    const disable = !outcome.ok && endpoint.enabled && t - failingSince >= DISABLE_AFTER_MS;
    await db.batch([
      db
        .update(webhookDeliveries)
        .set(
          outcome.ok
            ? { status: 'delivered', deliveredAt: t, lockedUntil: null, lastError: null }
            : giveUp || disable
              ? { status: 'failed', lockedUntil: null, lastError: outcome.error }
              : {
                  status: 'queued',
                  lockedUntil: null,
                  lastError: outcome.error,
                  nextAttemptAt: t + webhookBackoffMs(row.attempts),
                },
        )
        .where(mine),
      db.insert(webhookAttempts).values({
        id: newId(),
        endpointId: row.endpointId,
        deliveryId: row.id,
        eventId: row.eventId,
        type: row.type,
        attempt: row.attempts,
        at: t,
        statusCode: outcome.statusCode,
        durationMs: outcome.durationMs,
        error: outcome.error,
        ok: outcome.ok,
      }),
      db.run(sql`DELETE FROM ${webhookAttempts} WHERE endpoint_id = ${row.endpointId} AND (at < ${t - ATTEMPTS_RETENTION_MS}
        OR id NOT IN (SELECT id FROM ${webhookAttempts} WHERE endpoint_id = ${row.endpointId}
          ORDER BY at DESC, rowid DESC LIMIT ${ATTEMPTS_KEPT}))`),
      db
        .update(webhookEndpoints)
        .set({
          failingSince: outcome.ok ? null : sql`coalesce(${webhookEndpoints.failingSince}, ${t})`,
        })
        .where(eq(webhookEndpoints.id, row.endpointId)),
      ...(disable ? disabling(db, row, t) : []),
    ]);
    if (!outcome.ok)
      log(
        `webhooks: ${row.type} ${row.eventId} to endpoint ${row.endpointId}, attempt ${row.attempts}: ${outcome.error}${disable ? ' (endpoint disabled)' : ''}`,
      );
  }

  async function attempt(row: DeliveryRow, endpoint: EndpointState | undefined) {
    if (!endpoint?.enabled) {
      await db
        .update(webhookDeliveries)
        .set({ status: 'canceled', lockedUntil: null, lastError: 'endpoint disabled' })
        .where(and(eq(webhookDeliveries.id, row.id), eq(webhookDeliveries.status, 'sending')));
      return null;
    }
    const problem = destinationProblem(endpoint.url, opts.localMode);
    let outcome: AttemptOutcome;
    if (problem)
      outcome = { ok: false, statusCode: null, durationMs: 0, error: `refused: ${problem}` };
    else {
      const secret = await decryptSecret(opts.tokens, endpoint.id, endpoint.secretEnc).catch(
        () => null,
      );
      outcome = secret
        ? await post(row, endpoint.url, secret)
        : {
            ok: false,
            statusCode: null,
            durationMs: 0,
            // TOKEN_SECRET changed since the secret was stored (docs/SECURITY.md, "Webhooks").
            error: 'the signing secret cannot be read: rotate it',
          };
    }
    await record(row, endpoint, outcome);
    return outcome;
  }

  async function deliverAll(rows: DeliveryRow[]) {
    if (!rows.length) return;
    const ids = [...new Set(rows.map((r) => r.endpointId))];
    const endpoints = await db
      .select(endpointState)
      .from(webhookEndpoints)
      .where(inArray(webhookEndpoints.id, ids));
    const byId = new Map(endpoints.map((e) => [e.id, e]));
    await Promise.all(
      rows.map((r) =>
        attempt(r, byId.get(r.endpointId)).catch((err: unknown) =>
          log(
            `webhooks: delivery ${r.id} failed: ${err instanceof Error ? err.message : String(err)}`,
          ),
        ),
      ),
    );
  }

  async function drainOnce(): Promise<number> {
    const t = now();
    const [any] = await db
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .where(dueNow(t))
      .limit(1);
    if (!any) return 0;
    const rows = await claim(
      t,
      inArray(
        webhookDeliveries.id,
        db
          .select({ id: webhookDeliveries.id })
          .from(webhookDeliveries)
          .where(dueNow(t))
          .orderBy(webhookDeliveries.nextAttemptAt)
          .limit(CLAIM),
      ) as ReturnType<typeof dueNow>,
    );
    await deliverAll(rows);
    return rows.length;
  }

  let running: Promise<void> | null = null;
  let again = false;
  async function run() {
    do {
      again = false;
      for (let pass = 0; pass < 1000; pass++) if ((await drainOnce()) === 0) break;
    } while (again);
  }

  return {
    drainOnce,
    kick() {
      if (running) {
        again = true;
        return running;
      }
      running = run()
        .catch((err: unknown) =>
          log(`webhooks: drain failed: ${err instanceof Error ? err.message : String(err)}`),
        )
        .finally(() => {
          running = null;
        });
      return running;
    },
    async deliverNow(deliveryId) {
      const t = now();
      const [row] = await claim(
        t,
        and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.status, 'queued')),
      );
      if (!row) return null;
      const [endpoint] = await db
        .select(endpointState)
        .from(webhookEndpoints)
        .where(eq(webhookEndpoints.id, row.endpointId));
      return attempt(row, endpoint);
    },
  };
}

const endpointState = {
  id: webhookEndpoints.id,
  orgId: webhookEndpoints.orgId,
  url: webhookEndpoints.url,
  enabled: webhookEndpoints.enabled,
  secretEnc: webhookEndpoints.secretEnc,
  failingSince: webhookEndpoints.failingSince,
};
type EndpointState = {
  id: string;
  orgId: string;
  url: string;
  enabled: boolean;
  secretEnc: string;
  failingSince: number | null;
};

/**
 * Disabling an endpoint whose every attempt failed for 3 days: the endpoint, its queued deliveries
 * canceled, an audit event and a notice to each owner and admin with an address — the last two only
 * when this statement disabled it (a second drainer finds it done).
 */
function disabling(db: Db, row: DeliveryRow, t: number) {
  const justDisabled = sql`EXISTS (SELECT 1 FROM ${webhookEndpoints} WHERE id = ${row.endpointId}
    AND enabled = 0 AND disabled_reason = 'failing' AND updated_at = ${t})`;
  return [
    db
      .update(webhookEndpoints)
      .set({ enabled: false, disabledReason: 'failing', updatedAt: t })
      .where(and(eq(webhookEndpoints.id, row.endpointId), eq(webhookEndpoints.enabled, true))),
    db
      .update(webhookDeliveries)
      .set({ status: 'canceled', lastError: 'endpoint disabled' })
      .where(
        and(
          eq(webhookDeliveries.endpointId, row.endpointId),
          eq(webhookDeliveries.status, 'queued'),
        ),
      ),
    insertWhere(
      db,
      auditEvents,
      {
        id: newId(),
        orgId: row.orgId,
        actorId: null,
        action: 'webhook.disable',
        targetType: 'webhook',
        targetId: row.endpointId,
        detail: { reason: 'every delivery attempt failed for 3 days' },
        createdAt: t,
      },
      justDisabled,
    ),
    db.run(sql`INSERT INTO ${outbox} (id, org_id, kind, channel, recipient, ref_id, by_public, status, attempts, next_attempt_at, created_at)
      SELECT lower(hex(randomblob(12))), m.org_id, 'webhook_disabled', 'email', u.email, ${row.endpointId} || ':' || u.id, 0, 'queued', 0, ${t}, ${t}
      FROM ${memberships} m JOIN ${users} u ON u.id = m.user_id
      WHERE m.org_id = ${row.orgId} AND m.status = 'active' AND m.role IN ('owner', 'admin') AND u.email IS NOT NULL
        AND ${justDisabled}`),
  ];
}
