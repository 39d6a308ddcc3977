/**
 * What maintenance (features/maintenance/maintenance.ts) does for renewals, as statements for the
 * batch that marks invitations expired, so both see the same invitations:
 *
 * - a reminder to the invitee of each pending e-mail invitation that reaches its organization's
 *   `reminderHoursBeforeExpiry` (default 24, null: off) before it expires — only when that moment
 *   comes after the invitation was made, so a short invitation is not "reminded" at once, and while
 *   its inviter is still an active member (the invitation stands only then);
 * - an expiry notice for each pending invitation whose time ran out (before it is marked expired),
 *   whose inviter is still an active member: a renewal of kind `expired` in their Review tab (with
 *   the invitation's language, which a new invitation for it keeps) and a mail to them.
 *
 * "At most once" is a constraint, not a read: a reminder is a row keyed by its invitation, a notice a
 * renewal under a unique index per invitation; each insert is `ON CONFLICT DO NOTHING`, and the
 * outbox rows are queued for exactly the rows this run (`run`) wrote. Two overlapping runs: the
 * second writes nothing and queues nothing.
 */
import { sql } from 'drizzle-orm';
import { DEFAULT_ORG_SETTINGS, REMINDER_MAX_HOURS } from '../../../../shared/api/orgs';
import type { Db } from '../../db/client';
import { HOUR_MS } from '../../lib/time';

/** The organization's reminder lead in hours, in SQL over `organizations o` (NULL: off). */
const leadHours = sql`(CASE json_type(o.settings, '$.reminderHoursBeforeExpiry')
  WHEN 'integer' THEN json_extract(o.settings, '$.reminderHoursBeforeExpiry')
  WHEN 'null' THEN NULL
  ELSE ${DEFAULT_ORG_SETTINGS.reminderHoursBeforeExpiry} END)`;

/** The inviter of `invitations i` is still an active member (else the invitation no longer stands). */
const inviterActive = sql`EXISTS (SELECT 1 FROM memberships m
  WHERE m.org_id = i.org_id AND m.user_id = i.created_by AND m.status = 'active')`;

const outboxColumns = sql`(id, org_id, kind, channel, recipient, ref_id, by_public, status, attempts, next_attempt_at, created_at)`;

/** The statements, in order; `counts` reads how many reminders and notices they queued. */
export function renewalMaintenance(db: Db, t: number, run: string) {
  const reminderAt = sql`(i.expires_at - ${leadHours} * ${HOUR_MS})`;
  const statements = [
    db.run(sql`INSERT INTO invitation_reminders (invitation_id, run, sent_at)
      SELECT i.id, ${run}, ${t} FROM invitations i JOIN organizations o ON o.id = i.org_id
      WHERE i.status = 'pending' AND i.expires_at > ${t} AND i.expires_at <= ${t + REMINDER_MAX_HOURS * HOUR_MS}
        AND i.channel = 'email' AND i.email IS NOT NULL
        AND ${reminderAt} <= ${t} AND ${reminderAt} > i.created_at
        AND ${inviterActive}
      ON CONFLICT DO NOTHING`),
    db.run(sql`INSERT INTO outbox ${outboxColumns}
      SELECT lower(hex(randomblob(12))), i.org_id, 'invitation_reminder', 'email', i.email, i.id, 0, 'queued', 0, ${t}, ${t}
      FROM invitation_reminders r JOIN invitations i ON i.id = r.invitation_id WHERE r.run = ${run}`),
    db.run(sql`INSERT INTO renewals (id, org_id, kind, invitation_id, owner_id, name, email, phone, role, department_id, locale, status, run, created_at)
      SELECT lower(hex(randomblob(12))), i.org_id, 'expired', i.id, i.created_by,
        trim(coalesce(json_extract(i.profile, '$.firstName'), '') || ' ' || coalesce(json_extract(i.profile, '$.lastName'), '')),
        i.email, i.phone, i.role, i.department_id, i.locale, 'pending', ${run}, ${t}
      FROM invitations i
      WHERE i.status = 'pending' AND i.expires_at <= ${t} AND ${inviterActive}
      ON CONFLICT DO NOTHING`),
    db.run(sql`INSERT INTO outbox ${outboxColumns}
      SELECT lower(hex(randomblob(12))), r.org_id, 'invitation_expired_notice', 'email', u.email, r.id, 0, 'queued', 0, ${t}, ${t}
      FROM renewals r JOIN users u ON u.id = r.owner_id WHERE r.run = ${run} AND u.email IS NOT NULL`),
  ] as const;
  return statements;
}
