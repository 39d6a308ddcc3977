/**
 * Signed webhooks for integrators (worker/src/features/webhooks/): the endpoints an organization
 * registers, one delivery row per event and endpoint (written in the batch of the change, like the
 * outbox), and the log of delivery attempts (bounded: the last 100 per endpoint, 14 days).
 */
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { bool, ms } from './common';
import { organizations } from './organizations';
import type { WebhookEventType } from '../../../../shared/api/webhooks';

/** Event types: the subscribable ones and the test event an admin sends by hand. */
export type WebhookEventKind = WebhookEventType | 'webhook.test';

export const webhookEndpoints = sqliteTable(
  'webhook_endpoints',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    description: text('description'),
    /** JSON array of event types. */
    events: text('events', { mode: 'json' }).$type<WebhookEventType[]>().notNull(),
    enabled: bool('enabled').notNull().default(true),
    /**
     * The signing secret, AES-GCM encrypted with a key derived from TOKEN_SECRET
     * (features/webhooks/secrets.ts): the server must recover it to sign, a copy of the database
     * alone does not.
     */
    secretEnc: text('secret_enc').notNull(),
    /** Why it was disabled by the server (every attempt failing for 3 days); null otherwise. */
    disabledReason: text('disabled_reason'),
    /** The first failed attempt since the last success; null while it succeeds. */
    failingSince: ms('failing_since'),
    createdBy: text('created_by'),
    createdAt: ms('created_at').notNull(),
    updatedAt: ms('updated_at').notNull(),
  },
  (t) => [index('webhook_endpoints_org_idx').on(t.orgId, t.createdAt)],
);

/** One event for one endpoint, delivered (and retried) by features/webhooks/deliver.ts. */
export const webhookDeliveries = sqliteTable(
  'webhook_deliveries',
  {
    id: text('id').primaryKey(),
    /** The event's id: the `webhook-id` header, the same on every attempt. */
    eventId: text('event_id').notNull(),
    endpointId: text('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    orgId: text('org_id').notNull(),
    type: text('type').notNull(),
    /** The JSON body, fixed when the event happened. */
    payload: text('payload').notNull(),
    status: text('status', {
      enum: ['queued', 'sending', 'delivered', 'failed', 'canceled'],
    }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ms('next_attempt_at').notNull(),
    lockedUntil: ms('locked_until'),
    lastError: text('last_error'),
    createdAt: ms('created_at').notNull(),
    deliveredAt: ms('delivered_at'),
  },
  (t) => [
    index('webhook_deliveries_due_idx').on(t.status, t.nextAttemptAt),
    index('webhook_deliveries_endpoint_idx').on(t.endpointId, t.createdAt),
  ],
);

/** The delivery log an admin reads: one row per attempt. */
export const webhookAttempts = sqliteTable(
  'webhook_attempts',
  {
    id: text('id').primaryKey(),
    endpointId: text('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    deliveryId: text('delivery_id').notNull(),
    eventId: text('event_id').notNull(),
    type: text('type').notNull(),
    attempt: integer('attempt').notNull(),
    at: ms('at').notNull(),
    /** The HTTP status answered; null when no answer came (refused, timeout, network). */
    statusCode: integer('status_code'),
    durationMs: integer('duration_ms').notNull(),
    error: text('error'),
    ok: bool('ok').notNull(),
  },
  (t) => [index('webhook_attempts_endpoint_idx').on(t.endpointId, t.at)],
);
