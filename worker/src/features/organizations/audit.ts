/**
 * Audit events: who did what to whom, when. Written in the same batch as the change they describe.
 */
import type { Db } from '../../db/client';
import { auditEvents } from '../../db/schema';
import { newId } from '../../lib/ids';

export interface AuditEntry {
  orgId: string | null;
  actorId: string | null;
  action: string;
  targetType?: string;
  targetId?: string;
  detail?: Record<string, unknown>;
}

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
