/**
 * The outbox's drainer (worker/src/mail/outbox.ts): claims due rows, renders each by its kind,
 * delivers them in batches and records what became of them. A row of a kind no definition knows
 * (one an older version wrote) is an error, logged with its kind and id.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from '../db/client';
import { outbox } from '../db/schema';
import { sha256, toBase64Url } from '../lib/encoding';
import type { TokenKit } from '../lib/tokens';
import type { MessageRegistry, RenderContext, Rendered } from './messages';
import { claimDue, type OutboxRow, prepareAnythingDue } from './outbox-claim';
import type {
  DeliveryOutcome,
  EmailMessage,
  EmailTransport,
  SmsMessage,
  SmsTransport,
} from './transport';

export interface DrainerOptions {
  db: Db;
  email: EmailTransport;
  sms: SmsTransport;
  messages: MessageRegistry;
  tokens: TokenKit;
  publicUrl: string;
  now: () => number;
  log?: (line: string) => void;
  /** How long a claim lasts; longer than any provider timeout. */
  leaseMs?: number;
  /** Retryable failures give up after this many attempts. */
  maxAttempts?: number;
}

export interface DrainResult {
  sent: number;
  failed: number;
  retried: number;
  skipped: number;
}

export interface Drainer {
  /** One pass over what is due now. */
  drainOnce(): Promise<DrainResult>;
  /**
   * Drains until nothing is due (or the provider asks to pause); concurrent kicks share one run.
   */
  kick(): Promise<void>;
}

/** Rows grouped by message kind, in their order. */
function byKind(rows: OutboxRow[]): Map<string, OutboxRow[]> {
  const groups = new Map<string, OutboxRow[]>();
  for (const r of rows) groups.set(r.kind, [...(groups.get(r.kind) ?? []), r]);
  return groups;
}

/** 2 s, 4 s, 8 s … capped at 10 minutes. */
export const backoffMs = (attempt: number) => Math.min(600_000, 1000 * 2 ** Math.max(1, attempt));

export function createDrainer(opts: DrainerOptions): Drainer {
  const { db, now } = opts;
  const leaseMs = opts.leaseMs ?? 60_000;
  const maxAttempts = opts.maxAttempts ?? 10;
  const log = opts.log ?? (() => {});
  let pausedUntil = 0;
  const anythingDue = prepareAnythingDue(db);

  async function settle(
    rows: OutboxRow[],
    outcome: DeliveryOutcome,
    ctx: RenderContext,
    t: number,
  ): Promise<'sent' | 'failed' | 'retried'> {
    const ids = rows.map((r) => r.id);
    const mine = and(inArray(outbox.id, ids), eq(outbox.status, 'sending'));
    // A failure is recorded only while the claim is still this drainer's: when the lease ran out
    // mid-request and another drainer took the rows again, its outcome decides (a success is
    // recorded whoever reports it).
    const stillOurs = and(mine, eq(outbox.lockedUntil, rows[0]!.lockedUntil ?? -1));
    const hooks: BatchItem<'sqlite'>[] = [];
    if (outcome.ok) {
      for (const [kind, same] of byKind(rows)) {
        const def = opts.messages.get(kind);
        if (def?.onSentMany)
          hooks.push(
            ...def.onSentMany(
              ctx,
              same.map((r) => r.refId),
            ),
          );
        else for (const r of same) hooks.push(...(def?.onSent?.(ctx, r.refId) ?? []));
      }
      // One statement marks the whole batch sent, each row with its own provider id.
      const providerId = sql`CASE ${outbox.id} ${sql.join(
        rows.map((r, i) => sql`WHEN ${r.id} THEN ${outcome.providerIds[i] ?? null}`),
        sql` `,
      )} END`;
      await db.batch([
        db
          .update(outbox)
          .set({
            status: 'sent',
            sentAt: t,
            lockedUntil: null,
            lastError: null,
            providerMessageId: providerId,
          })
          .where(mine),
        ...hooks,
      ]);
      return 'sent';
    }
    const attempts = Math.max(...rows.map((r) => r.attempts));
    if (!outcome.retryable || attempts >= maxAttempts) {
      for (const r of rows)
        hooks.push(...(opts.messages.get(r.kind)?.onFailed?.(ctx, r.refId, outcome.reason) ?? []));
      await db.batch([
        db
          .update(outbox)
          .set({ status: 'error', lockedUntil: null, lastError: outcome.reason })
          .where(stillOurs),
        ...hooks,
      ]);
      return 'failed';
    }
    const wait = Math.max(outcome.retryAfterMs ?? 0, backoffMs(attempts));
    await db
      .update(outbox)
      .set({
        status: 'queued',
        lockedUntil: null,
        nextAttemptAt: t + wait,
        lastError: outcome.reason,
      })
      .where(stillOurs);
    return 'retried';
  }

  /**
   * Kinds that render many at once do so (one query for a whole batch); the others, and a failed
   * batch, one by one.
   */
  async function renderAll(
    group: OutboxRow[],
    ctx: RenderContext,
  ): Promise<Map<OutboxRow, Rendered | null>> {
    const done = new Map<OutboxRow, Rendered | null>();
    for (const [kind, rows] of byKind(group)) {
      const def = opts.messages.get(kind);
      // Rows of one language render together (bulk kinds keep their language on the record).
      if (!def?.renderMany || rows.length < 2 || rows.some((r) => r.locale !== rows[0]!.locale))
        continue;
      try {
        const messages = await def.renderMany(
          { ...ctx, locale: rows[0]!.locale },
          rows.map((r) => r.refId),
        );
        for (const [i, r] of rows.entries()) done.set(r, messages[i] ?? null);
      } catch {
        // rendered one at a time below, where the failing message is recorded
      }
    }
    return done;
  }

  async function deliver(
    group: OutboxRow[],
    ctx: RenderContext,
    result: DrainResult,
  ): Promise<void> {
    const rendered: { row: OutboxRow; message: EmailMessage | SmsMessage }[] = [];
    const skipped: string[] = [];
    const many = await renderAll(group, ctx);
    for (const row of group) {
      const def = opts.messages.get(row.kind);
      if (!def) {
        // Written by an older version, or by hand: nothing here can render it, now or later.
        const reason = 'unknown message kind';
        await settle([row], { ok: false, retryable: false, reason }, ctx, now());
        result.failed++;
        log(`outbox: ${row.kind.slice(0, 60)} ${row.id} ${reason}`);
        continue;
      }
      try {
        const message = many.has(row)
          ? many.get(row)!
          : await def.render({ ...ctx, locale: row.locale }, row.refId);
        if (message) rendered.push({ row, message });
        else skipped.push(row.id);
      } catch (err) {
        // A message that cannot be rendered will not render next time either: record it, do not
        // loop on it.
        const reason =
          `could not render: ${err instanceof Error ? err.message : String(err)}`.slice(0, 300);
        await settle([row], { ok: false, retryable: false, reason }, ctx, now());
        result.failed++;
        log(`outbox: ${row.kind} ${row.id} ${reason}`);
      }
    }
    if (skipped.length) {
      await db
        .update(outbox)
        .set({ status: 'skipped', lockedUntil: null })
        .where(and(inArray(outbox.id, skipped), eq(outbox.status, 'sending')));
      result.skipped += skipped.length;
    }
    if (!rendered.length) return;
    const rows = rendered.map((r) => r.row);
    // The same rows always give the same key; a group that lost a skipped member gets a key of its
    // own.
    const key = `${group[0]!.batchKey}-${toBase64Url(await sha256(rows.map((r) => r.id).join(','))).slice(0, 16)}`;
    const first = rendered[0]!;
    const outcome =
      first.row.channel === 'sms'
        ? await opts.sms.send(first.message as SmsMessage, key, first.row.attempts)
        : await opts.email.sendBatch(
            rendered.map((r) => ({ ...(r.message as EmailMessage), outboxId: r.row.id })),
            key,
          );
    if (outcome.ok && outcome.pauseMs) pausedUntil = ctx.now + outcome.pauseMs;
    if (!outcome.ok && outcome.retryAfterMs) pausedUntil = ctx.now + outcome.retryAfterMs;
    const how = await settle(rows, outcome, ctx, now());
    result[how] += rows.length;
    if (how !== 'sent')
      log(
        `outbox: ${rows.length} ${first.row.channel} message(s) ${how}: ${outcome.ok ? '' : outcome.reason}`,
      );
  }

  async function drainOnce(): Promise<DrainResult> {
    const result: DrainResult = { sent: 0, failed: 0, retried: 0, skipped: 0 };
    const t = now();
    if (t < pausedUntil) return result;
    if ((await anythingDue.all({ t })).length === 0) return result;
    const claimed = await claimDue(db, t, { leaseMs, emailBatch: opts.email.maxBatch });
    const groups = new Map<string, OutboxRow[]>();
    for (const row of claimed) {
      const k = row.batchKey ?? row.id;
      groups.set(k, [...(groups.get(k) ?? []), row]);
    }
    const ctx: RenderContext = {
      db,
      tokens: opts.tokens,
      publicUrl: opts.publicUrl,
      now: t,
      locale: null,
    };
    for (const group of groups.values()) await deliver(group, ctx, result);
    return result;
  }

  let running: Promise<void> | null = null;
  let again = false;
  async function run(): Promise<void> {
    do {
      again = false;
      for (let pass = 0; pass < 1000; pass++) {
        const r = await drainOnce();
        if (r.sent + r.failed + r.retried + r.skipped === 0) break;
      }
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
          log(`outbox: drain failed: ${err instanceof Error ? err.message : String(err)}`),
        )
        .finally(() => {
          running = null;
        });
      return running;
    },
  };
}
