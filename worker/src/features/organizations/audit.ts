/**
 * Audit events: who did what to whom, when. Written in the same batch as the change they describe.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { auditEvents, memberships } from '../../db/schema';
import { newId } from '../../lib/ids';

export interface AuditEntry {
  orgId: string | null;
  actorId: string | null;
  action: string;
  targetType?: string;
  targetId?: string;
  detail?: Record<string, unknown>;
}

/** The id an audit event names as its actor: the API key when one acted, else the person. */
export const auditActor = (actor: { userId: string; apiKeyId?: string }): string =>
  actor.apiKeyId ?? actor.userId;

export function auditEvent(db: Db, entry: AuditEntry, now: number) {
  return db.insert(auditEvents).values({
    id: newId(),
    orgId: entry.orgId,
    actorId: entry.actorId,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    detail: entry.detail ?? null,
    createdAt: now,
  });
}

/**
 * The same entry in the audit log of every organization `userId` is an active member of (a change
 * to the account itself, like its password), as one statement: no read of the memberships first.
 * The database makes each event's id (24 random hex digits).
 */
export function auditEventInEachOrg(
  db: Db,
  userId: string,
  entry: Omit<AuditEntry, 'orgId'>,
  now: number,
) {
  const detail = entry.detail ? JSON.stringify(entry.detail) : null;
  return db.run(sql`
    INSERT INTO ${auditEvents} (id, org_id, actor_id, action, target_type, target_id, detail, created_at)
    SELECT lower(hex(randomblob(12))), ${memberships.orgId}, ${entry.actorId}, ${entry.action},
      ${entry.targetType ?? null}, ${entry.targetId ?? null}, ${detail}, ${now}
    FROM ${memberships}
    WHERE ${memberships.userId} = ${userId} AND ${memberships.status} = 'active'`);
}
