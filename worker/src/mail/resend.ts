/**
 * Resend through its SDK (`resend`): one message with `emails.send` (`POST /emails`), more with
 * `batch.send` (`POST /emails/batch`, up to 100), each with the drainer's idempotency key, so a
 * retried request never sends twice.
 *
 * The SDK answers errors as values and never throws on HTTP errors: `{ data: null, error: {
 * statusCode, name, message }, headers }`, with `statusCode: null` when nothing came back (network
 * failure or our timeout, told apart by the abort signal). What the drainer needs is read from that:
 * 429 waits for `retry-after`, 5xx, 408, timeouts and a concurrent request with the same key are
 * retried with backoff, any other 4xx is final; after a success the rate-limit headers pause the
 * drainer when no request is left in the window.
 *
 * The base URL is passed to the SDK (`RESEND_BASE_URL`, config.ts; the tests' local fake), never
 * left to the SDK's own read of `process.env`, so Node and the Worker behave alike. The Worker bundle
 * leaves out the SDK's inbound-mail parser (wrangler.toml `[alias]`, README "Worker bundle").
 */
import { Resend } from 'resend';
import {
  type DeliveryOutcome,
  type EmailMessage,
  type EmailTransport,
  OUTBOX_TAG,
} from './transport';

export interface ResendOptions {
  apiKey: string;
  from: string;
  baseUrl?: string;
  timeoutMs?: number;
}

/** What `emails.send` and `batch.send` answer: data or an error, and the response headers. */
type Answer =
  | { data: unknown; error: null; headers: Record<string, string> | null }
  | {
      data: null;
      error: { statusCode?: number | null; name?: string; message?: string };
      headers: Record<string, string> | null;
    };

const seconds = (v: string | undefined) =>
  v !== undefined && /^\d+(\.\d+)?$/.test(v.trim()) ? Number(v) * 1000 : undefined;

/** The provider ids in message order: `{ id }` for one message, `{ data: [{ id }] }` for a batch. */
function providerIds(data: unknown, count: number): (string | null)[] {
  const list =
    count === 1 && data && typeof data === 'object' && 'id' in data
      ? [data]
      : data && typeof data === 'object' && 'data' in data && Array.isArray(data.data)
        ? (data.data as unknown[])
        : [];
  return Array.from({ length: count }, (_, i) => {
    const item = list[i];
    return item && typeof item === 'object' && 'id' in item && typeof item.id === 'string'
      ? item.id
      : null;
  });
}

/** Reads one SDK answer as the drainer's outcome. */
export function outcomeOf(answer: Answer, count: number, timedOut: boolean): DeliveryOutcome {
  const headers = answer.headers ?? {};
  if (answer.error === null) {
    const ids = providerIds(answer.data, count);
    const pauseMs =
      headers['ratelimit-remaining'] === '0' ? seconds(headers['ratelimit-reset']) : undefined;
    return pauseMs === undefined
      ? { ok: true, providerIds: ids }
      : { ok: true, providerIds: ids, pauseMs };
  }
  const { error } = answer;
  const status = typeof error.statusCode === 'number' ? error.statusCode : null;
  if (status === null && answer.headers === null) {
    const reason = timedOut ? 'Resend did not answer in time' : 'Resend could not be reached';
    return { ok: false, retryable: true, reason };
  }
  const reason =
    `Resend answered ${status ?? 'an error'}${error.message ? `: ${error.message}` : ''}`.slice(
      0,
      300,
    );
  if (status === 429) {
    const wait = seconds(headers['retry-after']) ?? seconds(headers['ratelimit-reset']);
    return wait === undefined
      ? { ok: false, retryable: true, reason }
      : { ok: false, retryable: true, reason, retryAfterMs: wait };
  }
  // An error body without a status (not Resend's shape) may be anything: retried, within the
  // drainer's attempts. 409 concurrent_idempotent_requests: the same batch is in flight elsewhere.
  const retryable =
    status === null ||
    status >= 500 ||
    status === 408 ||
    (status === 409 && error.name === 'concurrent_idempotent_requests');
  return { ok: false, retryable, reason };
}

export function resendTransport(opts: ResendOptions): EmailTransport {
  const resend = new Resend(opts.apiKey, {
    baseUrl: (opts.baseUrl ?? 'https://api.resend.com').replace(/\/+$/, ''),
  });
  const email = (m: EmailMessage) => ({
    from: opts.from,
    to: [m.to],
    subject: m.subject,
    text: m.text,
    html: m.html,
    ...(m.outboxId ? { tags: [{ name: OUTBOX_TAG, value: m.outboxId }] } : {}),
  });
  return {
    name: 'resend',
    maxBatch: 100,
    async sendBatch(messages, idempotencyKey): Promise<DeliveryOutcome> {
      const signal = AbortSignal.timeout(opts.timeoutMs ?? 15_000);
      const request = { idempotencyKey, signal };
      try {
        const answer: Answer =
          messages.length === 1
            ? await resend.emails.send(email(messages[0]!), request)
            : await resend.batch.send(messages.map(email), request);
        return outcomeOf(answer, messages.length, signal.aborted);
      } catch (err) {
        // The SDK answers failures as values; should it throw after all, the messages were not
        // known to be sent: retried under the same key.
        const reason = `Resend could not be asked: ${err instanceof Error ? err.message : String(err)}`;
        return { ok: false, retryable: true, reason: reason.slice(0, 300) };
      }
    },
  };
}
