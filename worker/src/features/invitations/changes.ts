/**
 * What owners and admins do to an invitation that is still open: resend it (a new token and a new
 * expiry, the old link stops working), cancel it (the link stops working at once, a message still
 * queued is skipped), or change its workspaces. Admins cannot touch an owner's invitation. Each
 * change is one guarded write plus its audit event (and message) in one batch: a change that lost a
 * race to an acceptance or a cancel changes nothing.
 */
import { refuseOutsideDomains } from '../organizations/reference-checks';
import { invitationData, webhookEvents } from '../webhooks/events';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { WorkspaceGrant } from '../../../../shared/api/invitations';
import { isUniqueViolation, type Db } from '../../db/client';
import { invitations, invitationWorkspaces } from '../../db/schema';
import type { OrgState, Services } from '../../env';
import { AppError, notFound } from '../../errors';
import { newNonce } from '../../lib/ids';
import { HOUR_MS } from '../../lib/time';
import { auditActor, auditEvent } from '../organizations/audit';
import {
  effectiveChannel,
  effectiveStatus,
  findInvitation,
  grantRows,
  invitationMessage,
  invitationUrl,
  selectInvitations,
  type InvitationRow,
  type InvitationWithDetails,
} from './invitations';
import {
  checkWorkspaceGrants,
  knownWorkspacesSql,
  refuseBadGrants,
} from '../organizations/reference-checks';
import { queueMessage } from '../../mail/outbox';
import { can, ensure, type Actor } from '../organizations/permissions';
import { withinQuota } from '../organizations/quota';
import { unlessChanged } from '../../db/guarded';

const GONE = {
  accepted: () => new AppError('invitation_accepted', 'This invitation has already been accepted'),
  canceled: () => new AppError('invitation_canceled', 'This invitation was canceled'),
  expired: () =>
    new AppError('invitation_expired', 'This invitation has expired; resend it to issue a new one'),
};

/**
 * The invitation a change is about, in one statement (with the workspaces among `grantIds` that are
 * the organization's, for a change of workspaces), so that it travels with the caller's lookup
 * (http/read-as-member.ts).
 */
export const invitationToChange = (db: Db, orgId: string, id: string, grantIds: string[] = []) =>
  db
    .select({ inv: invitations, knownWorkspaces: knownWorkspacesSql(orgId, grantIds) })
    .from(invitations)
    .where(and(eq(invitations.id, id), eq(invitations.orgId, orgId)))
    .limit(1);

export type InvitationToChange = Awaited<ReturnType<typeof invitationToChange>>;

async function load(
  s: Services,
  org: OrgState,
  actor: Actor,
  id: string,
  found?: InvitationToChange,
): Promise<InvitationRow> {
  const row = found ? found[0]?.inv : await findInvitation(s.db, org.id, id);
  if (!row) throw notFound('Invitation');
  ensure(
    can.manageInvitation(actor, row),
    row.role === 'owner' ? 'Only an owner can manage an owner’s invitation' : undefined,
  );
  return row;
}

/** After a guarded batch failed: the state that made it fail, or the original error. */
async function explain(s: Services, org: OrgState, id: string, err: unknown): Promise<never> {
  const row = await findInvitation(s.db, org.id, id);
  if (!row) throw notFound('Invitation');
  const status = effectiveStatus(row, s.now());
  if (status !== 'pending') throw GONE[status]();
  throw err;
}

/** Resends it; answers the row and its list item, read in the batch that writes it. */
export async function resendInvitation(
  s: Services,
  org: OrgState,
  actor: Actor,
  id: string,
  found?: InvitationToChange,
): Promise<{ row: InvitationRow; item: InvitationWithDetails; url?: string }> {
  const { db } = s;
  const row = await load(s, org, actor, id, found);
  if (row.status === 'accepted' || row.status === 'canceled') throw GONE[row.status]();
  // The organization may have limited its domains since it was sent.
  refuseOutsideDomains(row.email, org.settings.allowedEmailDomains);
  const channel = effectiveChannel(row.channel, org.settings.emailOnly);
  if (channel === 'email' && !row.email) {
    throw new AppError(
      'invalid_input',
      'This organization sends invitations by e-mail only, and this invitation has no e-mail address',
      { channel: 'e-mail only' },
    );
  }
  const t = s.now();
  // Whoever resends it vouches for it from now on: its sender's authority is theirs
  // (features/organizations/authority.ts), so a demoted or removed admin's invitation, resent by someone who may
  // send it, works again.
  const next: InvitationRow = {
    ...row,
    channel,
    status: 'pending',
    tokenNonce: newNonce(),
    expiresAt: t + org.settings.inviteTtlHours * HOUR_MS,
    resendCount: row.resendCount + 1,
    createdBy: actor.userId,
    updatedAt: t,
  };
  const message = invitationMessage(next);
  let item: InvitationWithDetails | undefined;
  try {
    const written = await withinQuota(s, org, message ? 1 : 0, (quota) =>
      db.batch([
        db
          .update(invitations)
          .set({
            channel,
            status: 'pending',
            tokenNonce: next.tokenNonce,
            expiresAt: next.expiresAt,
            resendCount: sql`${invitations.resendCount} + 1`,
            createdBy: actor.userId,
            updatedAt: t,
          })
          .where(
            and(eq(invitations.id, row.id), inArray(invitations.status, ['pending', 'expired'])),
          ),
        unlessChanged(db),
        auditEvent(
          db,
          {
            orgId: org.id,
            actorId: auditActor(actor),
            action: 'invitation.resend',
            targetType: 'invitation',
            targetId: row.id,
            detail: { resendCount: next.resendCount },
          },
          t,
        ),
        ...(message ? [queueMessage(db, message, t)] : []),
        ...quota,
        selectInvitations(db).where(eq(invitations.id, row.id)),
      ]),
    );
    [item] = written.at(-1) as InvitationWithDetails[];
  } catch (err) {
    if (isUniqueViolation(err))
      throw new AppError(
        'already_invited',
        `${row.email ?? row.phone} has a newer pending invitation`,
        { email: 'already has a pending invitation' },
      );
    return explain(s, org, row.id, err);
  }
  const answer = { row: next, item: item ?? { inv: next, creatorName: null, grants: null } };
  return channel === 'link'
    ? { ...answer, url: await invitationUrl(s.tokens, s.config.publicUrl, next) }
    : answer;
}

export async function cancelInvitation(
  s: Services,
  org: OrgState,
  actor: Actor,
  id: string,
  found?: InvitationToChange,
): Promise<void> {
  const { db } = s;
  const row = await load(s, org, actor, id, found);
  if (row.status === 'accepted' || row.status === 'canceled') throw GONE[row.status]();
  const t = s.now();
  try {
    await db.batch([
      // The link keeps its token so that it can say "canceled"; the status alone makes it unusable.
      db
        .update(invitations)
        .set({ status: 'canceled', canceledAt: t, canceledBy: actor.userId, updatedAt: t })
        .where(
          and(eq(invitations.id, row.id), inArray(invitations.status, ['pending', 'expired'])),
        ),
      unlessChanged(db),
      auditEvent(
        db,
        {
          orgId: org.id,
          actorId: auditActor(actor),
          action: 'invitation.cancel',
          targetType: 'invitation',
          targetId: row.id,
          detail: { email: row.email, phone: row.phone },
        },
        t,
      ),
      webhookEvents(db, org, 'invitation.canceled', { invitation: invitationData(row) }, actor, t),
    ]);
  } catch (err) {
    return explain(s, org, row.id, err);
  }
}

export async function setInvitationWorkspaces(
  s: Services,
  org: OrgState,
  actor: Actor,
  id: string,
  grants: WorkspaceGrant[],
  found?: InvitationToChange,
): Promise<InvitationWithDetails> {
  const { db } = s;
  const row = await load(s, org, actor, id, found);
  const status = effectiveStatus(row, s.now());
  if (status !== 'pending') throw GONE[status]();
  if (found) {
    refuseBadGrants(
      row.role,
      grants,
      new Set(JSON.parse(found[0]?.knownWorkspaces ?? '[]') as string[]),
    );
  } else {
    await checkWorkspaceGrants(db, org.id, row.role, grants);
  }
  const t = s.now();
  const rows = grantRows(row.id, grants);
  try {
    const written = await db.batch([
      db
        .update(invitations)
        .set({ updatedAt: t })
        .where(
          and(
            eq(invitations.id, row.id),
            eq(invitations.status, 'pending'),
            sql`${invitations.expiresAt} > ${t}`,
          ),
        ),
      unlessChanged(db),
      db.delete(invitationWorkspaces).where(eq(invitationWorkspaces.invitationId, row.id)),
      ...(rows.length ? [db.insert(invitationWorkspaces).values(rows)] : []),
      auditEvent(
        db,
        {
          orgId: org.id,
          actorId: auditActor(actor),
          action: 'invitation.workspaces_update',
          targetType: 'invitation',
          targetId: row.id,
          detail: { workspaces: grants },
        },
        t,
      ),
      selectInvitations(db).where(eq(invitations.id, row.id)),
    ]);
    const [item] = written.at(-1) as InvitationWithDetails[];
    return item ?? { inv: { ...row, updatedAt: t }, creatorName: null, grants: null };
  } catch (err) {
    return explain(s, org, row.id, err);
  }
}
