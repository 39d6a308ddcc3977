/**
 * Delivery reports from the providers, public routes whose signature is their credential
 * (docs/DELIVERY.md):
 *
 *   POST /webhooks/resend  Resend's webhook events, signed the Svix way with RESEND_WEBHOOK_SECRET
 *   POST /webhooks/sms     Twilio's status callbacks, signed with SMS_AUTH_TOKEN
 *
 * A route whose secret is not configured answers 404, as an address that does not exist. Unsigned,
 * wrongly signed or stale reports get 401 and change nothing; a signed body that is not JSON 400,
 * one of the wrong shape 422. A signed report about a message this server does not know (another
 * environment's, or one older than the outbox keeps) is acknowledged with 200, so the provider does
 * not retry it; an event type the product does not follow likewise.
 */
import * as z from 'zod/mini';
import type { DeliveryStatus } from '../../../../shared/api/delivery';
import { AppError, invalidInput, notFound } from '../../errors';
import { publicRouter } from '../../http/router';
import { svixKey, verifySvix } from '../../lib/svix';
import { verifyTwilioSignature } from '../../lib/twilio-signature';
import { OUTBOX_TAG } from '../../mail/transport';
import { recordDelivery } from './record';

/** A table's own entry for a key a provider sent (never `__proto__`, `constructor`, …). */
const entry = <T>(table: Record<string, T>, key: string): T | undefined =>
  Object.hasOwn(table, key) ? table[key] : undefined;

const RESEND_EVENTS: Record<string, DeliveryStatus> = {
  'email.delivered': 'delivered',
  'email.delivery_delayed': 'delayed',
  'email.bounced': 'bounced',
  'email.complained': 'complained',
};

const eventTypeSchema = z.object({ type: z.string() });
const resendEventSchema = z.object({
  type: z.string(),
  created_at: z.optional(z.string()),
  data: z.object({
    email_id: z.string().check(z.minLength(1), z.maxLength(200)),
    // Resend reports the tags a message was sent with as a map (or, in some payloads, a list).
    tags: z.optional(
      z.union([
        z.record(z.string(), z.unknown()),
        z.array(z.object({ name: z.string(), value: z.unknown() })),
      ]),
    ),
    bounce: z.optional(
      z.object({
        message: z.optional(z.string()),
        type: z.optional(z.string()),
        subType: z.optional(z.string()),
      }),
    ),
  }),
});

/** The `outbox_id` tag our drainer sent the message with (mail/resend.ts), when it is there. */
function outboxTag(tags: Record<string, unknown> | { name: string; value: unknown }[] | undefined) {
  const value = Array.isArray(tags)
    ? tags.find((t) => t.name === OUTBOX_TAG)?.value
    : tags && Object.hasOwn(tags, OUTBOX_TAG)
      ? tags[OUTBOX_TAG]
      : undefined;
  return typeof value === 'string' && value.length > 0 && value.length <= 64 ? value : null;
}

const unauthenticated = () =>
  new AppError(
    'unauthenticated',
    'The delivery report is not signed, or its signature is wrong or stale',
  );

/** Resend's time of the event, else now. */
function eventTime(createdAt: string | undefined, now: number): number {
  const t = createdAt ? Date.parse(createdAt) : Number.NaN;
  return Number.isFinite(t) ? t : now;
}

/** Twilio's status callback parameters the product reads. */
const TWILIO_STATUSES: Record<string, DeliveryStatus> = {
  delivered: 'delivered',
  undelivered: 'failed',
  failed: 'failed',
};
/** Words for the error codes a failed SMS most often carries (Twilio's 300xx). */
const TWILIO_ERRORS: Record<string, string> = {
  '30003': 'the phone is unreachable',
  '30004': 'the message was blocked',
  '30005': 'unknown number',
  '30006': 'a landline or an unreachable carrier',
  '30007': 'filtered by the carrier',
  '30008': 'unknown error',
};

export const deliveryReportRoutes = publicRouter()
  .post('/resend', async (c) => {
    const s = c.var.services;
    const secret = s.config.webhooks?.resendSecret;
    if (!secret) throw notFound('Page');
    const key = await svixKey(secret);
    if (!key) throw notFound('Page');
    const body = await c.req.text();
    const now = s.now();
    const check = await verifySvix(
      key,
      {
        id: c.req.header('svix-id'),
        timestamp: c.req.header('svix-timestamp'),
        signature: c.req.header('svix-signature'),
      },
      body,
      now,
    );
    if (!check.ok) throw unauthenticated();
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      throw new AppError('invalid_json', 'The request body is not valid JSON');
    }
    const kind = eventTypeSchema.safeParse(json);
    if (!kind.success) throw invalidInput(kind.error);
    const status = entry(RESEND_EVENTS, kind.data.type);
    if (!status) return c.json({ ok: true as const, recorded: false });
    const event = resendEventSchema.safeParse(json);
    if (!event.success) throw invalidInput(event.error);
    const bounce = event.data.data.bounce;
    const outcome = await recordDelivery(
      s.db,
      {
        receiptId: `resend:${check.id.slice(0, 200)}`,
        channel: 'email',
        providerMessageId: event.data.data.email_id,
        outboxId: outboxTag(event.data.data.tags),
        status,
        at: eventTime(event.data.created_at, now),
        reason: status === 'bounced' ? (bounce?.message ?? bounce?.subType ?? null) : null,
      },
      now,
    );
    return c.json({ ok: true as const, recorded: outcome === 'recorded' });
  })
  .post('/sms', async (c) => {
    const s = c.var.services;
    const token = s.config.webhooks?.smsAuthToken;
    if (!token) throw notFound('Page');
    const body = await c.req.text();
    const params = [...new URLSearchParams(body)];
    const url = new URL(c.req.url);
    // Twilio signs the address it was given: PUBLIC_URL's, with the query it carried.
    const signed = await verifyTwilioSignature(
      token,
      `${s.config.publicUrl}${url.pathname}${url.search}`,
      params,
      c.req.header('x-twilio-signature'),
    );
    if (!signed) throw unauthenticated();
    const form = Object.fromEntries(params);
    const sid = form.MessageSid ?? form.SmsSid;
    if (!sid || sid.length > 100)
      throw new AppError('invalid_input', 'MessageSid is missing', { MessageSid: 'is required' });
    const status = entry(TWILIO_STATUSES, form.MessageStatus ?? '');
    if (!status) return c.json({ ok: true as const, recorded: false });
    const code = form.ErrorCode?.slice(0, 10);
    const reason =
      status === 'failed'
        ? `SMS not delivered${code ? ` (error ${code}${entry(TWILIO_ERRORS, code) ? `: ${entry(TWILIO_ERRORS, code)}` : ''})` : ''}`
        : null;
    const now = s.now();
    const outcome = await recordDelivery(
      s.db,
      {
        receiptId: `sms:${sid}:${form.MessageStatus}`,
        channel: 'sms',
        providerMessageId: sid,
        status,
        at: now,
        reason,
      },
      now,
    );
    return c.json({ ok: true as const, recorded: outcome === 'recorded' });
  });
