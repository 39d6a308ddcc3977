/**
 * Joining an organization after an application is approved (by an admin, or by the system on a link
 * without approval): the account (if none), a pending membership in the link's department with the
 * link's role, a single-use link and the welcome message. Every effect is guarded by "this
 * application is approved" and keyed by the application's id, so it happens once, in the batch that
 * approves, whoever wins a race to approve.
 *
 * The membership becomes active (features/accounts/activate-membership.ts) only when the newcomer proves
 * control of the address: by setting a password through the set-password link, by confirming
 * through the confirm link (accounts that have a password), or, with `sendInitialPassword`, by
 * signing in with the initial password the welcome carries: it is derived from TOKEN_SECRET and the
 * set-password token when the message is rendered, never stored, and redeemed by sign-in
 * (features/accounts/initial-password.ts, shared with personal invitations), which makes it expire
 * and require a change.
 */
import { webhookEvents } from '../webhooks/events';
import type { Locale } from '../../../../shared/i18n';
import { and, eq, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { OrgSettings } from '../../../../shared/api/orgs';
import type { Db } from '../../db/client';
import {
  actionTokens,
  applications,
  auditEvents,
  memberships,
  outbox,
  users,
} from '../../db/schema';
import { newId, newNonce } from '../../lib/ids';
import { HOUR_MS } from '../../lib/time';
import { existsWhere, insertWhere } from '../../db/guarded';
import { searchTextOf } from '../../db/search-index';

/** Ids derived from the application: a second attempt at the same approval inserts nothing new. */
export const approvalIds = (appId: string) => ({
  token: `${appId}-t`,
  message: `${appId}-w`,
  audit: `${appId}-a`,
});

export const WELCOME_KINDS = {
  link: 'welcome',
  initialPassword: 'welcome_initial_password',
} as const;

export interface ApprovalInput {
  app: {
    id: string;
    orgId: string;
    linkId: string;
    name: string;
    email: string;
    /** The applicant's language: the new member's messages keep speaking it. */
    locale?: Locale | null;
  };
  link: { role: 'admin' | 'member'; departmentId: string | null };
  /**
   * null when the system approves (a link without approval): the link then vouches for the welcome.
   */
  reviewerId: string | null;
  /** The API key acting for the reviewer, which the audit log names instead (features/api-keys/). */
  reviewerKeyId?: string;
  /** The account with this address, read before the batch. */
  existing: { id: string; passwordHash: string | null } | null;
  settings: OrgSettings;
  now: number;
}

/**
 * The statements that follow an application's approval; put them after the write that approves it.
 */
export function approvalEffects(db: Db, input: ApprovalInput): BatchItem<'sqlite'>[] {
  const { app, link, now: t, settings } = input;
  const ids = approvalIds(app.id);
  const approved = existsWhere(
    applications,
    and(eq(applications.id, app.id), eq(applications.status, 'approved'))!,
  );
  const userRef = sql`SELECT ${users.id} FROM ${users} WHERE ${users.email} = ${app.email}`;
  const registered = Boolean(input.existing?.passwordHash);
  const initial = settings.sendInitialPassword && !registered;
  const ttl = settings.inviteTtlHours * HOUR_MS;
  const [firstName, ...rest] = app.name.split(' ');
  return [
    ...(input.existing
      ? []
      : [
          insertWhere(
            db,
            users,
            { id: newId(), email: app.email, name: app.name, createdAt: t },
            approved,
          ),
        ]),
    db
      .update(applications)
      .set({ userId: sql`(${userRef})` })
      .where(and(eq(applications.id, app.id), eq(applications.status, 'approved'))),
    insertWhere(
      db,
      memberships,
      {
        orgId: app.orgId,
        userId: userRef,
        role: link.role,
        status: 'pending',
        firstName: firstName || null,
        lastName: rest.join(' ') || null,
        departmentId: link.departmentId,
        invitationState: 'queued',
        locale: app.locale ?? null,
        source: 'link',
        linkId: app.linkId,
        searchText: searchTextOf({ names: [firstName, rest.join(' ')], email: app.email }),
        createdAt: t,
        updatedAt: t,
      },
      approved,
    ),
    insertWhere(
      db,
      actionTokens,
      {
        id: ids.token,
        purpose: registered ? 'confirm_join' : 'set_password',
        userId: userRef,
        orgId: app.orgId,
        sentTo: app.email,
        // Whoever let the person in: the reviewer, or for a link without approval the link itself,
        // by its own rule — so the welcome stops making members once they could no longer let them
        // in (features/organizations/authority.ts joinAuthority).
        createdBy: input.reviewerId,
        viaLinkId: input.reviewerId === null ? app.linkId : null,
        tokenNonce: newNonce(),
        expiresAt: t + ttl,
        createdAt: t,
      },
      approved,
    ),
    insertWhere(
      db,
      outbox,
      {
        id: ids.message,
        orgId: app.orgId,
        kind: initial ? WELCOME_KINDS.initialPassword : WELCOME_KINDS.link,
        channel: 'email',
        recipient: app.email,
        refId: app.id,
        // Approved by the system (a link without approval): set off by whoever applied, on the
        // public budget.
        byPublic: input.reviewerId === null,
        status: 'queued',
        nextAttemptAt: t,
        createdAt: t,
      },
      approved,
    ),
    insertWhere(
      db,
      auditEvents,
      {
        id: ids.audit,
        orgId: app.orgId,
        actorId: input.reviewerKeyId ?? input.reviewerId,
        action: 'application.approve',
        targetType: 'application',
        targetId: app.id,
        detail: { email: app.email, linkId: app.linkId, by: input.reviewerId ? 'admin' : 'system' },
        createdAt: t,
      },
      approved,
    ),
    webhookEvents(
      db,
      { id: app.orgId },
      'application.approved',
      sql`(SELECT json_object('application', json_object('id', ${app.id}, 'linkId', ${app.linkId},
        'name', ${app.name}, 'email', ${app.email}, 'userId', (${userRef}), 'role', ${link.role},
        'by', ${input.reviewerId ? 'admin' : 'system'})))`,
      input.reviewerId
        ? {
            userId: input.reviewerId,
            ...(input.reviewerKeyId ? { apiKeyId: input.reviewerKeyId } : {}),
          }
        : null,
      t,
      { when: approved, eventId: `evt_${app.id}_approved` },
    ),
  ];
}
