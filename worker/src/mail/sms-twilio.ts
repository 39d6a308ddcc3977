/**
 * SMS through an HTTP provider shaped like Twilio's Messages API (`SMS_PROVIDER=twilio`): `POST
 * {base}/2010-04-01/Accounts/{SMS_ACCOUNT_SID}/Messages.json` with Basic auth (account SID + auth
 * token) and a form body `To`, `From`, `Body`; 201 answers the message's `sid`.
 *
 * Outcomes for the outbox: 429 and 5xx, timeouts and network failures are retried (after
 * `Retry-After` when given); other 4xx (an unknown number, a blocked destination) fail for good
 * with the provider's message, which becomes the person's invitation error.
 *
 * Twilio has no idempotency keys. So that a request whose answer was lost (a timeout, a dropped
 * connection, a 5xx after the message was taken) is not sent twice, a retry first lists the
 * messages to that number and counts the message as sent when one with the same body is there: the
 * body is the same on every attempt (it is rendered from the same record and token) and carries a
 * link or password unique to it. When the list cannot be read, the retry waits for a later attempt
 * rather than risk a second message.
 */
import type { DeliveryOutcome, SmsMessage, SmsTransport } from './transport';

export interface TwilioOptions {
  accountSid: string;
  authToken: string;
  /** The sender: a phone number, or a messaging service SID (`MG…`). */
  from: string;
  baseUrl?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

const seconds = (v: string | null) =>
  v !== null && /^\d+(\.\d+)?$/.test(v.trim()) ? Number(v) * 1000 : undefined;

export function twilioSmsTransport(opts: TwilioOptions): SmsTransport {
  const base = (opts.baseUrl ?? 'https://api.twilio.com').replace(/\/+$/, '');
  const url = `${base}/2010-04-01/Accounts/${encodeURIComponent(opts.accountSid)}/Messages.json`;
  const auth = `Basic ${btoa(`${opts.accountSid}:${opts.authToken}`)}`;
  const doFetch = opts.fetch ?? fetch;
  const sender: Record<string, string> = opts.from.startsWith('MG')
    ? { MessagingServiceSid: opts.from }
    : { From: opts.from };
  const timeout = () => AbortSignal.timeout(opts.timeoutMs ?? 15_000);

  /**
   * The sid of an earlier message with this body to this number, false when there is none, null
   * when unknown.
   */
  async function alreadySent(message: SmsMessage): Promise<string | false | null> {
    try {
      const res = await doFetch(
        `${url}?${new URLSearchParams({ To: message.to, PageSize: '50' })}`,
        { headers: { Authorization: auth }, signal: timeout() },
      );
      if (!res.ok) return null;
      const page = (await res.json()) as {
        messages?: { sid?: string; body?: string; to?: string }[];
      };
      const match = page.messages?.find((m) => m.body === message.body && m.to === message.to);
      return match ? (match.sid ?? '') : false;
    } catch {
      return null;
    }
  }

  return {
    name: 'twilio',
    async send(message, _key, attempt = 1): Promise<DeliveryOutcome> {
      if (attempt > 1) {
        const earlier = await alreadySent(message);
        if (earlier !== false)
          return earlier === null
            ? {
                ok: false,
                retryable: true,
                reason: 'Could not check with the SMS provider whether an earlier attempt went out',
              }
            : { ok: true, providerIds: [earlier] };
      }
      let res: Response;
      try {
        res = await doFetch(url, {
          method: 'POST',
          headers: { Authorization: auth, 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ To: message.to, ...sender, Body: message.body }).toString(),
          signal: timeout(),
        });
      } catch (err) {
        const reason =
          err instanceof Error && err.name === 'TimeoutError'
            ? 'The SMS provider did not answer in time'
            : 'The SMS provider could not be reached';
        return { ok: false, retryable: true, reason };
      }
      const body = (await res.json().catch(() => null)) as {
        sid?: string;
        message?: string;
        code?: number;
      } | null;
      if (res.ok) return { ok: true, providerIds: [body?.sid ?? null] };
      const reason =
        `SMS provider answered ${res.status}${body?.message ? `: ${body.message}` : ''}`.slice(
          0,
          300,
        );
      if (res.status === 429 || res.status >= 500 || res.status === 408) {
        const wait = seconds(res.headers.get('retry-after'));
        return wait === undefined
          ? { ok: false, retryable: true, reason }
          : { ok: false, retryable: true, reason, retryAfterMs: wait };
      }
      return { ok: false, retryable: false, reason };
    },
  };
}
