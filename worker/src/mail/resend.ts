/**
 * Resend over its HTTP API with fetch: `POST /emails/batch` (up to 100 messages) with an
 * `Idempotency-Key`, so a retried request never sends twice. Plain fetch rather than the SDK: it
 * reads the rate-limit headers the drainer paces itself by, bounds every request with a timeout,
 * and keeps the Worker bundle small.
 */
import type { DeliveryOutcome, EmailTransport } from './transport';

export interface ResendOptions {
  apiKey: string;
  from: string;
  baseUrl?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

const seconds = (v: string | null) =>
  v !== null && /^\d+(\.\d+)?$/.test(v.trim()) ? Number(v) * 1000 : undefined;

export function resendTransport(opts: ResendOptions): EmailTransport {
  const base = (opts.baseUrl ?? 'https://api.resend.com').replace(/\/+$/, '');
  const doFetch = opts.fetch ?? fetch;
  return {
    name: 'resend',
    maxBatch: 100,
    async sendBatch(messages, idempotencyKey): Promise<DeliveryOutcome> {
      let res: Response;
      try {
        res = await doFetch(`${base}/emails/batch`, {
          method: 'POST',
          headers: {
            Authorization: `Bearer ${opts.apiKey}`,
            'Content-Type': 'application/json',
            'Idempotency-Key': idempotencyKey,
          },
          body: JSON.stringify(
            messages.map((m) => ({
              from: opts.from,
              to: [m.to],
              subject: m.subject,
              text: m.text,
              html: m.html,
            })),
          ),
          signal: AbortSignal.timeout(opts.timeoutMs ?? 15_000),
        });
      } catch (err) {
        const reason =
          err instanceof Error && err.name === 'TimeoutError'
            ? 'Resend did not answer in time'
            : 'Resend could not be reached';
        return { ok: false, retryable: true, reason };
      }
      const body = (await res.json().catch(() => null)) as {
        data?: { id?: string }[];
        message?: string;
        name?: string;
      } | null;
      if (res.ok) {
        const remaining = res.headers.get('ratelimit-remaining');
        const pauseMs = remaining === '0' ? seconds(res.headers.get('ratelimit-reset')) : undefined;
        const ids = messages.map((_, i) => body?.data?.[i]?.id ?? null);
        return pauseMs === undefined
          ? { ok: true, providerIds: ids }
          : { ok: true, providerIds: ids, pauseMs };
      }
      const reason =
        `Resend answered ${res.status}${body?.message ? `: ${body.message}` : ''}`.slice(0, 300);
      if (res.status === 429) {
        const wait =
          seconds(res.headers.get('retry-after')) ?? seconds(res.headers.get('ratelimit-reset'));
        return wait === undefined
          ? { ok: false, retryable: true, reason }
          : { ok: false, retryable: true, reason, retryAfterMs: wait };
      }
      // 409 concurrent_idempotent_requests: the same batch is in flight elsewhere; try again later.
      const retryable =
        res.status >= 500 ||
        res.status === 408 ||
        (res.status === 409 && body?.name === 'concurrent_idempotent_requests');
      return { ok: false, retryable, reason };
    },
  };
}
