/**
 * Personal invitations: to one e-mail address or phone number, by e-mail, by SMS, or as a link to
 * copy by hand. The URL's token is derived from TOKEN_SECRET, the invitation's id and its nonce
 * (lib/tokens.ts), so a resend (new nonce) or an acceptance (new nonce) kills the old link at once
 * and the database alone never yields one.
 */
import { and, eq, lte, or, sql, type SQL } from 'drizzle-orm';
import type {
  Channel,
  InvitationDto,
  InvitationStatus,
  WorkspaceGrant,
} from '../../../../shared/api/invitations';
import type { Profile } from '../../../../shared/api/members';
import type { Db } from '../../db/client';
import { iso } from '../../db/pagination';
import { invitations, invitationWorkspaces, outbox, workspaces } from '../../db/schema';
import type { DeliveryStatus } from '../../../../shared/api/delivery';
import type { TokenKit } from '../../lib/tokens';
import type { QueuedMessage } from '../../mail/outbox';
import { can } from '../organizations/permissions';
import { memberNameSql } from '../../db/member-names';
import { qualified } from '../../db/qualified';
import type { CallerRef } from '../../db/caller';

export type InvitationRow = typeof invitations.$inferSelect;

export async function invitationUrl(
  tokens: TokenKit,
  publicUrl: string,
  row: Pick<InvitationRow, 'id' | 'tokenNonce'>,
): Promise<string> {
  return `${publicUrl}/invite/${await tokens.derive('invitation', row.id, row.tokenNonce)}`;
}

/**
 * A pending invitation whose time has run out is expired, whether or not a write has said so yet.
 */
export function effectiveStatus(
  row: Pick<InvitationRow, 'status' | 'expiresAt'>,
  now: number,
): InvitationStatus {
  return row.status === 'pending' && row.expiresAt <= now ? 'expired' : row.status;
}

/**
 * `?status=` of the list, by effective status. The unary `+` keeps SQLite from answering `pending`
 * through `invitations_status_expires_idx` (every pending invitation of every organization, then a
 * sort): the list walks `invitations_org_status_created_idx` newest first and stops after one page,
 * at any size.
 */
export function statusFilter(status: InvitationStatus | undefined, now: number): SQL | undefined {
  if (status === 'pending')
    return and(eq(invitations.status, 'pending'), sql`+${invitations.expiresAt} > ${now}`);
  if (status === 'expired')
    return or(
      eq(invitations.status, 'expired'),
      and(eq(invitations.status, 'pending'), lte(invitations.expiresAt, now)),
    );
  return status ? eq(invitations.status, status) : undefined;
}

/**
 * `?delivery=problem`: invitations whose latest message bounced, was marked as spam or failed
 * (features/delivery). Starts from the organization's few such messages (a partial index), each
 * kept only while no later message about its invitation exists (a resend is a new message).
 */
export function deliveryFilter(delivery: 'problem' | undefined, orgId: string): SQL | undefined {
  if (!delivery) return undefined;
  return sql`${invitations.id} IN (SELECT o.ref_id FROM ${outbox} o
    WHERE o.org_id = ${orgId} AND o.delivery_status IN ('bounced', 'complained', 'failed')
      AND o.kind IN ('invitation_email', 'invitation_sms')
      AND NOT EXISTS (SELECT 1 FROM ${outbox} n WHERE n.ref_id = o.ref_id
        AND n.kind IN ('invitation_email', 'invitation_sms')
        AND (n.created_at > o.created_at OR (n.created_at = o.created_at AND n.rowid > o.rowid))))`;
}

/**
 * Which invitations a person sees (docs/DESIGN.md §2): owners and admins all; anyone else those they
 * created, and workspace managers also those assigned to a workspace they manage.
 */
export function invitationVisibleTo(actor: Pick<CallerRef, 'userId' | 'role'>): SQL | undefined {
  if (can.seeAllInvitations(actor)) return undefined;
  return or(
    eq(invitations.createdBy, actor.userId),
    sql`EXISTS (SELECT 1 FROM invitation_workspaces iw JOIN workspace_members wm ON wm.workspace_id = iw.workspace_id
      WHERE iw.invitation_id = ${invitations.id} AND wm.user_id = ${actor.userId} AND wm.role = 'manager')`,
  );
}

/** The outbox entry that delivers an invitation; none for a link copied by hand. */
export function invitationMessage(
  row: Pick<InvitationRow, 'id' | 'orgId' | 'channel' | 'email' | 'phone'>,
): QueuedMessage | null {
  if (row.channel === 'link') return null;
  const recipient = row.channel === 'email' ? row.email : row.phone;
  if (!recipient) return null;
  return {
    kind: `invitation_${row.channel}`,
    channel: row.channel,
    recipient,
    refId: row.id,
    orgId: row.orgId,
  };
}

/** Under `emailOnly`, invitations never go by SMS: an SMS invitation goes by e-mail instead. */
export const effectiveChannel = (channel: Channel, emailOnly: boolean): Channel =>
  channel === 'sms' && emailOnly ? 'email' : channel;

export function grantRows(invitationId: string, grants: WorkspaceGrant[] | undefined) {
  return (grants ?? []).map((g) => ({ invitationId, workspaceId: g.workspaceId, role: g.role }));
}

export const profileOf = (p: Profile | undefined): Record<string, string> | null => {
  const entries = Object.entries(p ?? {}).filter(
    (e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '',
  );
  return entries.length ? Object.fromEntries(entries) : null;
};

/**
 * What an invitation's DTO needs besides its row — its creator as the organization knows them, its
 * workspace grants by workspace name — as columns of the statement that reads the row, so a page
 * (or a write's answer) is one statement.
 */
export const invitationDetails = {
  creatorName: memberNameSql(invitations.orgId, invitations.createdBy),
  // Led by the invitation's grants (CROSS JOIN keeps that order); sorted by name in invitationDto.
  grants: sql<string>`(SELECT json_group_array(json_object('workspaceId', iw.workspace_id, 'name', w.name, 'role', iw.role))
    FROM ${invitationWorkspaces} iw CROSS JOIN ${workspaces} w ON w.id = iw.workspace_id
    WHERE iw.invitation_id = ${qualified(invitations.id)})`,
  // What the provider reported of its latest message (features/delivery), through outbox_ref_idx.
  delivery: sql<string | null>`(SELECT CASE WHEN o.delivery_status IS NULL THEN NULL ELSE
      json_object('status', o.delivery_status, 'at', o.delivery_at, 'reason', o.delivery_reason) END
    FROM ${outbox} o WHERE o.ref_id = ${qualified(invitations.id)} AND o.kind IN ('invitation_email', 'invitation_sms')
    ORDER BY o.created_at DESC, o.rowid DESC LIMIT 1)`,
};

export interface InvitationWithDetails {
  inv: InvitationRow;
  creatorName: string | null;
  grants: string | null;
  /** Absent for an invitation just written, which has no report yet. */
  delivery?: string | null;
}

/** Reads invitations with their details: `.where(…)` follows. */
export const selectInvitations = (db: Db) =>
  db.select({ inv: invitations, ...invitationDetails }).from(invitations);

const byName = (grants: InvitationDto['workspaces']) =>
  grants.sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : a.workspaceId < b.workspaceId ? -1 : 1,
  );

/** The invitation as the organization's people see it at `now`. */
export function invitationDto(
  { inv: r, creatorName, grants, delivery }: InvitationWithDetails,
  now: number,
): InvitationDto {
  return {
    id: r.id,
    email: r.email,
    phone: r.phone,
    channel: r.channel,
    role: r.role,
    departmentId: r.departmentId,
    workspaces: grants ? byName(JSON.parse(grants) as InvitationDto['workspaces']) : [],
    status: effectiveStatus(r, now),
    expiresAt: iso(r.expiresAt),
    resendCount: r.resendCount,
    createdBy: { id: r.createdBy, name: creatorName ?? '' },
    createdAt: iso(r.createdAt),
    profile: r.profile ?? null,
    locale: r.locale ?? null,
    delivery: deliveryOf(delivery),
  };
}

/** The delivery column of `invitationDetails` as the DTO carries it. */
function deliveryOf(json: string | null | undefined): InvitationDto['delivery'] {
  if (!json) return null;
  const d = JSON.parse(json) as { status: DeliveryStatus; at: number; reason: string | null };
  return { status: d.status, at: iso(d.at), reason: d.reason };
}

/** One invitation of the organization, or null. */
export async function findInvitation(
  db: Db,
  orgId: string,
  id: string,
): Promise<InvitationRow | null> {
  const [row] = await db
    .select()
    .from(invitations)
    .where(and(eq(invitations.id, id), eq(invitations.orgId, orgId)))
    .limit(1);
  return row ?? null;
}
