/**
 * Sending a personal invitation: the role rules (only an owner invites an owner), the address
 * checks, then one batch that expires a stale pending invitation to the same address, writes the
 * new one with its workspace grants, its audit event and its message. The partial unique indexes on
 * pending invitations decide `already_invited`, so two admins inviting the same address at once get
 * one invitation and one 409.
 */
import {
  invitationData,
  invitationRowData,
  webhookEvents,
  webhookEventsEach,
} from '../webhooks/events';
import { and, eq, isNull, lte, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type * as z from 'zod/mini';
import type { Role } from '../../../../shared/api/common';
import type { createInvitationRequestSchema } from '../../../../shared/api/invitations';
import { isUniqueViolation, type Db } from '../../db/client';
import { invitations, invitationWorkspaces, memberships, users } from '../../db/schema';
import type { OrgState, Services } from '../../env';
import { AppError } from '../../errors';
import { newId, newNonce } from '../../lib/ids';
import { HOUR_MS } from '../../lib/time';
import { auditActor, auditEvent } from '../organizations/audit';
import {
  effectiveChannel,
  grantRows,
  invitationMessage,
  invitationUrl,
  profileOf,
  selectInvitations,
  type InvitationRow,
  type InvitationWithDetails,
} from './invitations';
import {
  departmentExistsSql,
  knownWorkspacesSql,
  refuseBadGrants,
  refuseOutsideDomains,
  refuseUnknownDepartment,
} from '../organizations/reference-checks';
import { queueMessage } from '../../mail/outbox';
import { can, ensure, type Actor } from '../organizations/permissions';
import { withinQuota } from '../organizations/quota';
import { checkPhone } from '../../lib/phone';
import { searchTextOf } from '../../db/search-index';

export type CreateInvitationInput = z.output<typeof createInvitationRequestSchema>;

const bad = (field: string, why: string, message: string) =>
  new AppError('invalid_input', message, { [field]: why });

/** The address to invite, checked: e-mail as given (lower-cased by the schema), phone in E.164. */
function contactOf(body: CreateInvitationInput, org: OrgState) {
  const channel = effectiveChannel(body.channel, org.settings.emailOnly);
  let phone: string | null = null;
  if (body.phone !== undefined) {
    const checked = checkPhone(body.phone);
    if (!checked.ok) throw bad('phone', checked.message, checked.message);
    phone = checked.e164;
  }
  const email = body.email ?? null;
  if (channel === 'email' && !email) {
    const why =
      body.channel === 'sms'
        ? 'is required: this organization sends invitations by e-mail only'
        : 'is required to invite by e-mail';
    throw bad('email', why, `The e-mail address ${why}`);
  }
  if (channel === 'sms' && !phone)
    throw bad(
      'phone',
      'is required to invite by SMS',
      'A phone number is required to invite by SMS',
    );
  if (!email && !phone)
    throw bad(
      'email',
      'give an e-mail address or a phone number',
      'Give an e-mail address or a phone number',
    );
  refuseOutsideDomains(email, org.settings.allowedEmailDomains);
  return { channel, email, phone };
}

/**
 * What the checks of a new invitation read, in one statement built from the request alone, so that
 * it travels with the caller's lookup (http/read-as-member.ts): whether the department and the
 * workspaces named are the organization's, and whether the address is an active member's.
 */
export function creationChecks(db: Db, orgId: string, body: CreateInvitationInput) {
  const phone = body.phone === undefined ? null : checkPhone(body.phone);
  const email = body.email ?? null;
  const address = email
    ? eq(users.email, email)
    : phone?.ok
      ? eq(memberships.phone, phone.e164)
      : undefined;
  const member = address
    ? sql<number>`EXISTS (SELECT 1 FROM ${memberships} INNER JOIN ${users} ON ${users.id} = ${memberships.userId}
        WHERE ${and(eq(memberships.orgId, orgId), eq(memberships.status, 'active'), address)})`
    : sql<number>`0`;
  // The role the organization already holds the person in, pending (added, not yet joined).
  const pendingRole = address
    ? sql`(SELECT ${memberships.role} FROM ${memberships} INNER JOIN ${users} ON ${users.id} = ${memberships.userId}
        WHERE ${and(eq(memberships.orgId, orgId), eq(memberships.status, 'pending'), address)} LIMIT 1)`
    : sql`NULL`;
  const ids = [...new Set((body.workspaces ?? []).map((g) => g.workspaceId))];
  return db.all<CreationCheck>(
    sql`SELECT ${body.departmentId ? departmentExistsSql(orgId, body.departmentId) : sql`0`} AS department,
      ${knownWorkspacesSql(orgId, ids)} AS workspaces, ${member} AS member, ${pendingRole} AS pending_role`,
  );
}

export interface CreationCheck {
  department: number;
  workspaces: string;
  member: number;
  /** The role of a pending membership of the address (null: none). */
  pending_role: Role | null;
}
export type CreationChecks = CreationCheck[];

/**
 * Sends the invitation, with what `creationChecks` read (or reading it now); answers the new row
 * and its list item, read in the same batch that writes it. `also`: statements of the caller's for
 * the same batch (a renewal's guarded mark: features/renewals/decide.ts), whose answers come back as
 * `alsoAnswers`.
 */
export async function createInvitation(
  s: Services,
  org: OrgState,
  actor: Actor,
  body: CreateInvitationInput,
  checked?: CreationChecks,
  also?: (row: InvitationRow) => BatchItem<'sqlite'>[],
): Promise<{
  row: InvitationRow;
  item: InvitationWithDetails;
  url?: string;
  alsoAnswers?: unknown[];
}> {
  ensure(
    can.invite(actor, body.role),
    body.role === 'owner'
      ? 'Only an owner can invite an owner'
      : 'You cannot send invitations in this organization',
  );
  const { db } = s;
  const { channel, email, phone } = contactOf(body, org);
  const [found] = checked ?? (await creationChecks(db, org.id, body));
  refuseUnknownDepartment(body.departmentId, found?.department === 1);
  refuseBadGrants(
    body.role,
    body.workspaces,
    new Set(JSON.parse(found?.workspaces ?? '[]') as string[]),
  );
  if (found?.member === 1)
    throw new AppError(
      'already_member',
      `${email ?? phone} is already a member of this organization`,
      { [email ? 'email' : 'phone']: 'is already a member' },
    );
  // Accepting makes the invitation's role and profile the membership's: someone held as a pending
  // owner is invited only by an owner, as only an owner may change an owner.
  if (found?.pending_role && !can.manageMember(actor, { role: found.pending_role }))
    throw new AppError(
      'forbidden',
      `Only an owner can invite ${email ?? phone}, whom the organization holds as an owner`,
    );

  const t = s.now();
  const profile = profileOf(body.profile);
  const row: InvitationRow = {
    id: newId(),
    orgId: org.id,
    email,
    phone,
    channel,
    role: body.role,
    departmentId: body.departmentId ?? null,
    userId: null,
    profile,
    status: 'pending',
    tokenNonce: newNonce(),
    expiresAt: t + org.settings.inviteTtlHours * HOUR_MS,
    createdBy: actor.userId,
    resendCount: 0,
    locale: body.locale ?? null,
    acceptedAt: null,
    acceptedBy: null,
    canceledAt: null,
    canceledBy: null,
    searchText: searchTextOf({ names: [profile?.firstName, profile?.lastName], email, phone }),
    createdAt: t,
    updatedAt: t,
  };
  // A pending invitation whose time ran out no longer blocks the address: it is marked expired in
  // the same batch.
  const sameAddress = email
    ? eq(invitations.email, email)
    : and(isNull(invitations.email), eq(invitations.phone, phone!));
  const expireStale = db
    .update(invitations)
    .set({ status: 'expired', updatedAt: t })
    .where(
      and(
        eq(invitations.orgId, org.id),
        sameAddress,
        eq(invitations.status, 'pending'),
        lte(invitations.expiresAt, t),
      ),
    );
  const grants = grantRows(row.id, body.workspaces);
  const message = invitationMessage(row);
  const extra = also?.(row) ?? [];
  let item: InvitationWithDetails | undefined;
  let alsoAnswers: unknown[] | undefined;
  try {
    const written = await withinQuota(s, org, message ? 1 : 0, (quota) =>
      db.batch([
        webhookEventsEach(
          db,
          'invitation.expired',
          {
            from: sql`invitations`,
            where: sql`r.org_id = ${org.id} AND r.status = 'pending' AND r.expires_at <= ${t}
              AND ${email ? sql`r.email = ${email}` : sql`r.email IS NULL AND r.phone = ${phone}`}`,
            data: invitationRowData,
          },
          null,
          t,
        ),
        expireStale,
        db.insert(invitations).values(row),
        ...(grants.length ? [db.insert(invitationWorkspaces).values(grants)] : []),
        auditEvent(
          db,
          {
            orgId: org.id,
            actorId: auditActor(actor),
            action: 'invitation.create',
            targetType: 'invitation',
            targetId: row.id,
            detail: { email, phone, role: row.role, channel },
          },
          t,
        ),
        webhookEvents(db, org, 'invitation.created', { invitation: invitationData(row) }, actor, t),
        ...(message ? [queueMessage(db, message, t)] : []),
        ...quota,
        ...extra,
        selectInvitations(db).where(eq(invitations.id, row.id)),
      ]),
    );
    [item] = written.at(-1) as InvitationWithDetails[];
    if (extra.length) alsoAnswers = written.slice(-1 - extra.length, -1);
  } catch (err) {
    if (isUniqueViolation(err)) {
      const field = email ? 'email' : 'phone';
      throw new AppError(
        'already_invited',
        `${email ?? phone} already has a pending invitation; cancel it to send a new one`,
        { [field]: 'already has a pending invitation' },
      );
    }
    throw err;
  }
  const answer = {
    row,
    item: item ?? { inv: row, creatorName: null, grants: null },
    ...(alsoAnswers ? { alsoAnswers } : {}),
  };
  return channel === 'link'
    ? { ...answer, url: await invitationUrl(s.tokens, s.config.publicUrl, row) }
    : answer;
}
