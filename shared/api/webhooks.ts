/**
 * Signed webhooks for integrators (Standard Webhooks): an organization's endpoints, the events they
 * subscribe to and their delivery log. README "Webhooks" describes the payloads and the signature.
 */
import * as z from 'zod/mini';
import { trimmedString } from './common';

/** Every event type an endpoint can subscribe to. */
export const WEBHOOK_EVENT_TYPES = [
  'invitation.created',
  'invitation.accepted',
  'invitation.expired',
  'invitation.canceled',
  'application.created',
  'application.approved',
  'application.rejected',
  'member.joined',
  'member.removed',
  'link.revoked',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** At most this many endpoints per organization. */
export const MAX_WEBHOOK_ENDPOINTS = 10;

const urlSchema = trimmedString(2000, 1);
const eventsSchema = z
  .array(z.enum(WEBHOOK_EVENT_TYPES))
  .check(z.minLength(1, 'choose at least one event'), z.maxLength(WEBHOOK_EVENT_TYPES.length));
const descriptionSchema = z.nullable(trimmedString(200));

export const createWebhookRequestSchema = z.strictObject({
  url: urlSchema,
  events: eventsSchema,
  description: z.optional(descriptionSchema),
});
export type CreateWebhookRequest = z.input<typeof createWebhookRequestSchema>;

export const updateWebhookRequestSchema = z.strictObject({
  url: z.optional(urlSchema),
  events: z.optional(eventsSchema),
  description: z.optional(descriptionSchema),
  enabled: z.optional(z.boolean()),
});
export type UpdateWebhookRequest = z.input<typeof updateWebhookRequestSchema>;

/** An endpoint as every answer shows it: never its secret. */
export interface WebhookEndpointDto {
  id: string;
  url: string;
  description: string | null;
  events: WebhookEventType[];
  enabled: boolean;
  /** `failing` when the server disabled it after 3 days of failed deliveries. */
  disabledReason: string | null;
  /** The first failed attempt since the last success (ISO time), or null. */
  failingSince: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The answer to creating an endpoint or rotating its secret: the secret, shown this once. */
export interface WebhookWithSecretDto extends WebhookEndpointDto {
  secret: string;
}

/** One delivery attempt, as the log shows it. */
export interface WebhookAttemptDto {
  id: string;
  eventId: string;
  type: string;
  attempt: number;
  at: string;
  ok: boolean;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
}

export interface WebhookListDto {
  items: WebhookEndpointDto[];
}

export interface WebhookDetailDto extends WebhookEndpointDto {
  /** The latest attempts, newest first. */
  recentAttempts: WebhookAttemptDto[];
}

export interface WebhookDeliveriesDto {
  items: WebhookAttemptDto[];
}

/** The answer to "send test event": how the one attempt went. */
export interface WebhookTestDto {
  eventId: string;
  attempt: WebhookAttemptDto | null;
}
