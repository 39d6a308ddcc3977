/** The outbox of e-mails and SMS (worker/src/mail/outbox.ts delivers it). */
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { DELIVERY_STATUSES } from '../../../../shared/api/delivery';
import { ms, bool, locale } from './common';

/**
 * Every kind the outbox delivers: an insert of any other kind does not compile, and
 * worker/src/message-registry.ts must hold a definition for each. A row of a kind not listed here (one an
 * older version wrote) fails at delivery, with a log line (worker/src/mail/outbox-drain.ts).
 */
export const MESSAGE_KINDS = [
  'password_changed',
  'password_reset_email',
  'password_reset_sms',
  'verification_code_email',
  'verification_code_sms',
  'welcome',
  'welcome_initial_password',
  'already_member',
  'invitation_email',
  'invitation_sms',
  'member_invite_email',
  'member_invite_sms',
  'member_password_email',
  'member_password_sms',
  'invitation_reminder',
  'invitation_expired_notice',
  'renewal_link',
  'webhook_disabled',
] as const;

export type MessageKind = (typeof MESSAGE_KINDS)[number];

/**
 * Every e-mail and SMS, written in the same batch as the change that causes it. It holds references
 * (kind + ids), never a token or a password: the message is rendered when it is delivered.
 */
export const outbox = sqliteTable(
  'outbox',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id'),
    kind: text('kind', { enum: MESSAGE_KINDS }).notNull(),
    channel: text('channel', { enum: ['email', 'sms'] }).notNull(),
    /** The address or phone number, for display and diagnosis only. */
    recipient: text('recipient').notNull(),
    /** The record the message is about (application, invitation, membership, action token…). */
    refId: text('ref_id').notNull(),
    /**
     * The language of the request that asked for the message (a password reset, a code), for kinds
     * whose record has none; null: the record's, else the organization's.
     */
    locale: locale(),
    status: text('status', { enum: ['queued', 'sending', 'sent', 'error', 'skipped'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ms('next_attempt_at').notNull(),
    /**
     * Sent because of something anyone may do (a join through a link without approval, a code asked
     * for): counted against the organization's public budget, so strangers cannot spend what its
     * admins send (features/organizations/quota.ts).
     */
    byPublic: bool('by_public').notNull().default(false),
    /**
     * A claimed message is leased until this time; a crashed drainer's lease runs out and it is
     * claimed again.
     */
    lockedUntil: ms('locked_until'),
    /** Messages claimed together keep their batch (and its idempotency key) until they are sent. */
    batchKey: text('batch_key'),
    lastError: text('last_error'),
    providerMessageId: text('provider_message_id'),
    createdAt: ms('created_at').notNull(),
    sentAt: ms('sent_at'),
    /**
     * What the provider's delivery reports said of it after it was sent (features/delivery): the
     * furthest status so far, when the provider saw it, and its reason for a bounce or failure.
     */
    deliveryStatus: text('delivery_status', { enum: DELIVERY_STATUSES }),
    deliveryAt: ms('delivery_at'),
    deliveryReason: text('delivery_reason'),
  },
  (t) => [
    index('outbox_due_idx').on(t.status, t.nextAttemptAt),
    /** A record's messages, newest last: an invitation's latest one (its delivery status). */
    index('outbox_ref_idx').on(t.refId, t.createdAt),
    index('outbox_batch_idx').on(t.batchKey),
    /** An organization's messages of the last hour and day, for its quota (features/organizations/quota.ts). */
    index('outbox_org_created_idx').on(t.orgId, t.createdAt),
    /** A delivery report names the message by the provider's id. */
    index('outbox_provider_id_idx').on(t.providerMessageId),
    /**
     * An organization's messages that bounced, were marked as spam or failed: the invitations
     * list's `delivery=problem` filter starts from these few (features/invitations/invitations.ts).
     */
    index('outbox_org_delivery_problem_idx')
      .on(t.orgId, t.refId)
      .where(sql`delivery_status IN ('bounced', 'complained', 'failed')`),
  ],
);

/**
 * Delivery reports already processed, by the sender's message id (Svix's `svix-id`, or the SMS
 * provider's sid and status): a retried or replayed report changes nothing. Kept a week
 * (features/maintenance), longer than the providers retry.
 */
export const webhookReceipts = sqliteTable(
  'webhook_receipts',
  {
    id: text('id').primaryKey(),
    receivedAt: ms('received_at').notNull(),
  },
  (t) => [index('webhook_receipts_received_idx').on(t.receivedAt)],
);
