/**
 * An organization's webhook endpoints: register (the secret answered once), list, see one with its
 * latest attempts, change, delete, rotate the secret, send a test event. Owners and admins only
 * (asked in the routes, features/webhooks/api.ts); every statement filters by the organization, so
 * another organization's endpoint is not found. Each change writes its audit event in its batch.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import {
  MAX_WEBHOOK_ENDPOINTS,
  type CreateWebhookRequest,
  type UpdateWebhookRequest,
  type WebhookAttemptDto,
  type WebhookEndpointDto,
  type WebhookTestDto,
  type WebhookWithSecretDto,
} from '../../../../shared/api/webhooks';
import type { Db } from '../../db/client';
import { abortUnless, insertWhere, isGuardFailure } from '../../db/guarded';
import { auditEvents, webhookAttempts, webhookDeliveries, webhookEndpoints } from '../../db/schema';
import { auditActor } from '../organizations/audit';
import type { Services } from '../../env';
import { AppError, notFound } from '../../errors';
import { newId } from '../../lib/ids';
import type { Actor } from '../organizations/permissions';
import { destinationProblem } from './destination';
import { testEvent } from './events';
import { encryptSecret, newWebhookSecret } from './secrets';

type EndpointRow = typeof webhookEndpoints.$inferSelect;
type AttemptRow = typeof webhookAttempts.$inferSelect;

export interface WebhookCaller {
  org: { id: string };
  actor: Actor;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export const endpointDto = (row: EndpointRow): WebhookEndpointDto => ({
  id: row.id,
  url: row.url,
  description: row.description,
  events: row.events,
  enabled: row.enabled,
  disabledReason: row.disabledReason,
  failingSince: iso(row.failingSince),
  createdAt: iso(row.createdAt)!,
  updatedAt: iso(row.updatedAt)!,
});

export const attemptDto = (row: AttemptRow): WebhookAttemptDto => ({
  id: row.id,
  eventId: row.eventId,
  type: row.type,
  attempt: row.attempt,
  at: iso(row.at)!,
  ok: row.ok,
  statusCode: row.statusCode,
  durationMs: row.durationMs,
  error: row.error,
});

const ofOrg = (orgId: string, id: string) =>
  and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.orgId, orgId));

/** Every endpoint of the organization, oldest first (at most ten). */
export const listStatement = (db: Db, orgId: string) =>
  db
    .select()
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.orgId, orgId))
    .orderBy(webhookEndpoints.createdAt, webhookEndpoints.id);

/** One endpoint and its latest attempts, newest first. */
export const detailStatements = (db: Db, orgId: string, id: string, limit = 20) =>
  [
    db.select().from(webhookEndpoints).where(ofOrg(orgId, id)).limit(1),
    db
      .select()
      .from(webhookAttempts)
      .where(
        and(
          eq(webhookAttempts.endpointId, id),
          sql`EXISTS (SELECT 1 FROM ${webhookEndpoints} WHERE ${ofOrg(orgId, id)})`,
        ),
      )
      .orderBy(desc(webhookAttempts.at), desc(sql`rowid`))
      .limit(limit),
  ] as const;

/** Refuses a URL the server would not deliver to (destination.ts): 422 on `url`. */
function checkUrl(s: Services, url: string): void {
  const problem = destinationProblem(url, s.config.localMode);
  if (problem)
    throw new AppError('invalid_input', `Invalid input (url: ${problem})`, { url: problem });
}

const audit = (
  db: Db,
  orgId: string,
  actor: Actor,
  action: string,
  id: string,
  t: number,
  detail?: Record<string, unknown>,
) =>
  insertWhere(
    db,
    auditEvents,
    {
      id: newId(),
      orgId,
      actorId: auditActor(actor),
      action,
      targetType: 'webhook',
      targetId: id,
      detail: detail ?? null,
      createdAt: t,
    },
    sql`changes() > 0`,
  );

export async function createWebhook(
  s: Services,
  { org, actor }: WebhookCaller,
  request: CreateWebhookRequest,
): Promise<WebhookWithSecretDto> {
  checkUrl(s, request.url);
  const { db } = s;
  const t = s.now();
  const id = newId();
  const secret = newWebhookSecret();
  const row: EndpointRow = {
    id,
    orgId: org.id,
    url: request.url,
    description: request.description || null,
    events: [...new Set(request.events)],
    enabled: true,
    secretEnc: await encryptSecret(s.tokens, id, secret),
    disabledReason: null,
    failingSince: null,
    createdBy: actor.userId,
    createdAt: t,
    updatedAt: t,
  };
  const room = sql`(SELECT count(*) FROM ${webhookEndpoints} WHERE org_id = ${org.id}) < ${MAX_WEBHOOK_ENDPOINTS}`;
  try {
    await db.batch([
      insertWhere(db, webhookEndpoints, row, room),
      abortUnless(db, sql`changes() > 0`, 'webhook endpoint limit'),
      audit(db, org.id, actor, 'webhook.create', id, t, { url: row.url, events: row.events }),
    ]);
  } catch (err) {
    if (isGuardFailure(err))
      throw new AppError(
        'conflict',
        `An organization has at most ${MAX_WEBHOOK_ENDPOINTS} webhook endpoints; delete one first`,
      );
    throw err;
  }
  return { ...endpointDto(row), secret };
}

export async function updateWebhook(
  s: Services,
  { org, actor }: WebhookCaller,
  id: string,
  request: UpdateWebhookRequest,
): Promise<WebhookEndpointDto> {
  if (request.url !== undefined) checkUrl(s, request.url);
  const { db } = s;
  const t = s.now();
  const enabling = request.enabled === true;
  const [[row]] = await db.batch([
    db
      .update(webhookEndpoints)
      .set({
        ...(request.url !== undefined ? { url: request.url } : {}),
        ...(request.events !== undefined ? { events: [...new Set(request.events)] } : {}),
        ...(request.description !== undefined ? { description: request.description || null } : {}),
        ...(request.enabled !== undefined ? { enabled: request.enabled } : {}),
        ...(enabling ? { disabledReason: null, failingSince: null } : {}),
        updatedAt: t,
      })
      .where(ofOrg(org.id, id))
      .returning(),
    audit(db, org.id, actor, 'webhook.update', id, t, {
      ...(request.url !== undefined ? { url: request.url } : {}),
      ...(request.events !== undefined ? { events: request.events } : {}),
      ...(request.enabled !== undefined ? { enabled: request.enabled } : {}),
    }),
    // Turned off: what waits for it is not sent later.
    ...(request.enabled === false
      ? [
          db
            .update(webhookDeliveries)
            .set({ status: 'canceled', lastError: 'endpoint disabled' })
            .where(
              and(
                eq(webhookDeliveries.endpointId, id),
                eq(webhookDeliveries.orgId, org.id),
                eq(webhookDeliveries.status, 'queued'),
              ),
            ),
        ]
      : []),
  ]);
  if (!row) throw notFound('Webhook endpoint');
  return endpointDto(row);
}

export async function deleteWebhook(s: Services, { org, actor }: WebhookCaller, id: string) {
  const { db } = s;
  const t = s.now();
  const [gone] = await db.batch([
    db.delete(webhookEndpoints).where(ofOrg(org.id, id)).returning({ id: webhookEndpoints.id }),
    audit(db, org.id, actor, 'webhook.delete', id, t),
  ]);
  if (!gone.length) throw notFound('Webhook endpoint');
}

export async function rotateWebhookSecret(
  s: Services,
  { org, actor }: WebhookCaller,
  id: string,
): Promise<WebhookWithSecretDto> {
  const { db } = s;
  const t = s.now();
  const secret = newWebhookSecret();
  const [[row]] = await db.batch([
    db
      .update(webhookEndpoints)
      .set({ secretEnc: await encryptSecret(s.tokens, id, secret), updatedAt: t })
      .where(ofOrg(org.id, id))
      .returning(),
    audit(db, org.id, actor, 'webhook.rotate_secret', id, t),
  ]);
  if (!row) throw notFound('Webhook endpoint');
  return { ...endpointDto(row), secret };
}

/**
 * "Send test event": a `webhook.test` event for this endpoint, delivered now through the same path
 * as every event (signed, logged, retried when it fails); answers how the attempt went.
 */
export async function sendTestEvent(
  s: Services,
  { org, actor }: WebhookCaller,
  id: string,
): Promise<WebhookTestDto> {
  const { db } = s;
  const deliveryId = newId();
  const [, [delivery]] = await db.batch([
    testEvent(db, org.id, id, deliveryId, s.now(), actor.userId),
    db
      .select({ eventId: webhookDeliveries.eventId })
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.id, deliveryId)),
  ]);
  if (!delivery) throw notFound('Webhook endpoint');
  await s.webhooks.deliverNow(deliveryId);
  const [attempt] = await db
    .select()
    .from(webhookAttempts)
    .where(eq(webhookAttempts.deliveryId, deliveryId))
    .orderBy(desc(webhookAttempts.at))
    .limit(1);
  return { eventId: delivery.eventId, attempt: attempt ? attemptDto(attempt) : null };
}
