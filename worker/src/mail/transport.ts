/** What the outbox hands to a provider, and what a provider answers. */

/** The tag that names a message's outbox row in the provider's delivery reports. */
export const OUTBOX_TAG = 'outbox_id';

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /**
   * The outbox row it came from. Resend carries it as the `outbox_id` tag into its delivery reports,
   * so a report finds its message even before the provider's id is stored
   * (features/delivery/record.ts).
   */
  outboxId?: string;
}

export interface SmsMessage {
  to: string;
  body: string;
}

export type DeliveryOutcome =
  | { ok: true; providerIds: (string | null)[]; pauseMs?: number }
  | { ok: false; retryable: boolean; reason: string; retryAfterMs?: number };

export interface EmailTransport {
  readonly name: string;
  /** How many messages one request may carry. */
  readonly maxBatch: number;
  /**
   * Sends all messages or none; the same idempotency key with the same messages never sends twice.
   */
  sendBatch(messages: EmailMessage[], idempotencyKey: string): Promise<DeliveryOutcome>;
}

export interface SmsTransport {
  readonly name: string;
  /**
   * `attempt` counts from 1; a provider without idempotency keys checks on a retry whether it
   * already sent.
   */
  send(message: SmsMessage, idempotencyKey: string, attempt?: number): Promise<DeliveryOutcome>;
}
