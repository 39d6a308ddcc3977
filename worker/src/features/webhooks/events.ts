/**
 * Webhook events: the one statement a change puts into its own batch. `webhookEvents` inserts one
 * delivery row for each enabled endpoint of the organization subscribed to the event, with
 * `INSERT … SELECT` from the endpoints (no read first, no extra round trip); the payload is fixed
 * then, with the organization's name and the actor's name as the organization knows them. Payloads
 * hold ids and non-secret fields only: never a token, secret, password hash or invitation link.
 */
import { is, SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import {
  apiKeys,
  memberships,
  organizations,
  users,
  webhookDeliveries,
  webhookEndpoints,
  type WebhookEventKind,
} from '../../db/schema';
import { newId } from '../../lib/ids';

export const newEventId = () => `evt_${newId()}`;

/** Who acted: a person, or an API key of the organization (as the audit log names it). */
export interface EventActor {
  userId: string;
  apiKeyId?: string;
}

/** The person's name as the organization `orgId` knows them (db/member-names.ts), in SQL. */
const userJson = (orgId: SQL | string, userId: SQL | string) =>
  sql`json_object('type', 'user', 'id', ${userId}, 'name',
    (SELECT coalesce(nullif(trim(coalesce(m.first_name, '') || ' ' || coalesce(m.last_name, '')), ''), u.name)
      FROM ${users} u LEFT JOIN ${memberships} m ON m.user_id = u.id AND m.org_id = ${orgId}
      WHERE u.id = ${userId}))`;

/**
 * The payload's `actor`: the person, or — when an API key acted — the key by its name, with the
 * person it acts for (its creator) as `onBehalfOf`.
 */
const actorJson = (orgId: SQL | string, actor: EventActor) =>
  actor.apiKeyId
    ? sql`json_object('type', 'api_key', 'id', ${actor.apiKeyId}, 'name',
        (SELECT k.name FROM ${apiKeys} k WHERE k.id = ${actor.apiKeyId}),
        'onBehalfOf', ${userJson(orgId, actor.userId)})`
    : userJson(orgId, actor.userId);

/** The Standard Webhooks body as SQL: `{id, type, createdAt, org, actor, data}`. */
const payloadSql = (
  eventId: SQL | string,
  type: string,
  t: number,
  actor: SQL,
  data: SQL,
) => sql`json_object('id', ${eventId}, 'type', ${type}, 'createdAt', ${new Date(t).toISOString()},
  'org', json_object('id', o.id, 'name', o.name), 'actor', ${actor}, 'data', json(${data}))`;

/** The endpoints of `orgId` that take `type` now (`e`, with the organization as `o`). */
const subscribed = (orgId: SQL | string, type: WebhookEventKind) =>
  sql`FROM ${webhookEndpoints} e JOIN ${organizations} o ON o.id = e.org_id
    WHERE e.org_id = ${orgId} AND e.enabled = 1
      AND EXISTS (SELECT 1 FROM json_each(e.events) WHERE json_each.value = ${type})`;

/**
 * One event, delivered to every enabled endpoint of `org` that subscribed to `type`; put it in the
 * batch of the change. `data`: the event's fields, or SQL that makes them (JSON) when the statement
 * runs. `when`: only if this holds then (a change an earlier statement may not have made).
 * `eventId`: an id derived from what decides the change (an approval's application), for a change
 * two racers may both attempt — the event is then inserted once.
 */
export function webhookEvents(
  db: Db,
  org: { id: string },
  type: WebhookEventKind,
  data: Record<string, unknown> | SQL,
  actor: EventActor | null,
  t: number,
  opts: { when?: SQL; eventId?: string } = {},
) {
  const eventId = opts.eventId ?? newEventId();
  const actorSql = actor ? actorJson(org.id, actor) : sql`NULL`;
  const dataSql = is(data, SQL) ? data : sql`${JSON.stringify(data)}`;
  const once = opts.eventId
    ? sql` AND NOT EXISTS (SELECT 1 FROM ${webhookDeliveries} d WHERE d.event_id = ${eventId})`
    : sql``;
  return db.run(sql`INSERT INTO ${webhookDeliveries}
    (id, event_id, endpoint_id, org_id, type, payload, status, attempts, next_attempt_at, created_at)
    SELECT lower(hex(randomblob(12))), ${eventId}, e.id, e.org_id, ${type},
      ${payloadSql(eventId, type, t, actorSql, dataSql)}, 'queued', 0, ${t}, ${t}
    ${subscribed(org.id, type)}${opts.when ? sql` AND (${opts.when})` : sql``}${once}`);
}

/**
 * `member.joined` for the membership an activation (features/accounts/activate-membership.ts) just
 * made active: put it right after that update, whose change it asks for.
 */
export function memberJoinedEvent(db: Db, target: { orgId: string; userId: string }, t: number) {
  const data = sql`(SELECT json_object('member', json_object('userId', m.user_id, 'role', m.role,
      'email', (SELECT email FROM ${users} WHERE id = m.user_id), 'via', m.source))
    FROM ${memberships} m WHERE m.org_id = ${target.orgId} AND m.user_id = ${target.userId})`;
  return webhookEvents(db, { id: target.orgId }, 'member.joined', data, target, t, {
    when: sql`changes() > 0`,
  });
}

/**
 * One event per row `r` of a change that touches many rows in one statement (links revoked with
 * their creator, invitations expired or canceled together): put it before that statement, since
 * it reads the rows as they were. `rows` is the SQL after `FROM` naming the table `r` and `where`
 * the condition on it; each row's event id is the batch's nonce and the row's id, so every endpoint
 * gets the same one.
 */
export function webhookEventsEach(
  db: Db,
  type: WebhookEventKind,
  rows: { from: SQL; where: SQL; data: SQL },
  actor: (EventActor & { orgId: string }) | null,
  t: number,
) {
  const eventId = sql`${newEventId()} || '_' || r.id`;
  const actorSql = actor ? actorJson(actor.orgId, actor) : sql`NULL`;
  return db.run(sql`INSERT INTO ${webhookDeliveries}
    (id, event_id, endpoint_id, org_id, type, payload, status, attempts, next_attempt_at, created_at)
    SELECT lower(hex(randomblob(12))), ${eventId}, e.id, e.org_id, ${type},
      ${payloadSql(eventId, type, t, actorSql, rows.data)}, 'queued', 0, ${t}, ${t}
    FROM ${rows.from} r JOIN ${webhookEndpoints} e ON e.org_id = r.org_id AND e.enabled = 1
      JOIN ${organizations} o ON o.id = r.org_id
    WHERE (${rows.where})
      AND EXISTS (SELECT 1 FROM json_each(e.events) WHERE json_each.value = ${type})`);
}

const isoSql = (ms: SQL) => sql`strftime('%Y-%m-%dT%H:%M:%fZ', ${ms} / 1000.0, 'unixepoch')`;

/** `invitationData` in SQL, for the invitation `r`. */
export const invitationRowData = sql`json_object('invitation', json_object('id', r.id, 'email', r.email,
  'phone', r.phone, 'role', r.role, 'departmentId', r.department_id, 'expiresAt', ${isoSql(sql`r.expires_at`)}))`;

/** What `link.revoked` says of the link `r` revoked with others (no one removed). */
const linkRowData = sql`json_object('link', json_object('id', r.id, 'role', r.role, 'createdBy', r.created_by),
  'removeJoined', json('false'), 'removedUserIds', json('[]'))`;

/**
 * `invitation.expired` for every pending invitation whose time has run out at `t` (the maintenance
 * pass, before it marks them).
 */
export const invitationsExpiredEvents = (db: Db, t: number) =>
  webhookEventsEach(
    db,
    'invitation.expired',
    {
      from: sql`invitations`,
      where: sql`r.status = 'pending' AND r.expires_at <= ${t}`,
      data: invitationRowData,
    },
    null,
    t,
  );

/** `link.revoked` for each unrevoked link of `orgId` that `where` (on the link `r`) picks. */
export const linksRevokedEvents = (
  db: Db,
  orgId: string,
  where: SQL,
  actor: EventActor,
  t: number,
) =>
  webhookEventsEach(
    db,
    'link.revoked',
    {
      from: sql`invite_links`,
      where: sql`r.org_id = ${orgId} AND r.revoked_at IS NULL AND (${where})`,
      data: linkRowData,
    },
    { ...actor, orgId },
    t,
  );

/** A test event for one endpoint, whatever it subscribed to (the "send test event" button). */
export function testEvent(
  db: Db,
  orgId: string,
  endpointId: string,
  deliveryId: string,
  t: number,
  actorId: string,
) {
  const eventId = newEventId();
  const actorSql = userJson(sql`e.org_id`, actorId);
  const data = sql`json_object('endpoint', json_object('id', e.id), 'message', 'This is a test event.')`;
  return db.run(sql`INSERT INTO ${webhookDeliveries}
    (id, event_id, endpoint_id, org_id, type, payload, status, attempts, next_attempt_at, created_at)
    SELECT ${deliveryId}, ${eventId}, e.id, e.org_id, 'webhook.test',
      ${payloadSql(eventId, 'webhook.test', t, actorSql, data)}, 'queued', 0, ${t}, ${t}
    FROM ${webhookEndpoints} e JOIN ${organizations} o ON o.id = e.org_id
    WHERE e.id = ${endpointId} AND e.org_id = ${orgId}`);
}

/** What an invitation's events say of it: ids and non-secret fields, never its token or link. */
export const invitationData = (inv: {
  id: string;
  email: string | null;
  phone: string | null;
  role: string;
  departmentId: string | null;
  expiresAt: number;
  channel?: string;
}) => ({
  id: inv.id,
  email: inv.email,
  phone: inv.phone,
  role: inv.role,
  departmentId: inv.departmentId,
  expiresAt: new Date(inv.expiresAt).toISOString(),
});
