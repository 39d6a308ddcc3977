/**
 * The whole data model (DESIGN.md §1). Times are integer milliseconds since the epoch; statuses are
 * closed text enums; every list the API serves has an index that matches its filter and its
 * newest-first order.
 */
import { sql } from 'drizzle-orm';
import {
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';
import type { OrgSettings } from '../../../shared/api/orgs';

const ROLE = ['owner', 'admin', 'member'] as const;
const ms = (name: string) => integer(name, { mode: 'number' });
const bool = (name: string) => integer(name, { mode: 'boolean' });

// ── Tenancy
// ──────────────────────────────────────────────────────────────────────────────────────────

export const organizations = sqliteTable('organizations', {
  id: text('id').primaryKey(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  settings: text('settings', { mode: 'json' }).$type<OrgSettings>().notNull(),
  /**
   * Message quotas set by the server's operator (`npm run org -- quota`); null: the server's
   * defaults.
   */
  messagesPerHour: integer('messages_per_hour'),
  messagesPerDay: integer('messages_per_day'),
  createdAt: ms('created_at').notNull(),
});

/**
 * A phone is no unique key of `users` (each organization makes its own account for a phone-only
 * person), but one organization has at most one member without an e-mail address per phone: the
 * triggers of migration `0003_phone_only_member_unique` (on inserts and key changes of
 * `memberships`, on phone and e-mail changes of `users`) refuse a second one with "UNIQUE
 * constraint failed: phone_only_member", which `isUniqueViolation` (db/client.ts) recognises.
 * Triggers cannot be declared here.
 */
export const users = sqliteTable(
  'users',
  {
    id: text('id').primaryKey(),
    /** Lower-cased; null for people known only by phone. */
    email: text('email').unique(),
    /**
     * E.164: the account's own phone (the login of people without an e-mail address). What an
     * organization knows as a person's phone is `memberships.phone`; an organization writes this
     * one only while the account is its alone and has never been signed in to (docs/SECURITY.md).
     */
    phone: text('phone'),
    /**
     * When someone proved control of the e-mail address / the phone (a link or code that went
     * there); null: never.
     */
    emailVerifiedAt: ms('email_verified_at'),
    phoneVerifiedAt: ms('phone_verified_at'),
    name: text('name').notNull(),
    /** `scrypt$…` with its parameters; null until the person sets a password. */
    passwordHash: text('password_hash'),
    mustChangePassword: bool('must_change_password').notNull().default(false),
    /** An initial password (sendInitialPassword) stops working at this time. */
    passwordExpiresAt: ms('password_expires_at'),
    createdAt: ms('created_at').notNull(),
    registeredAt: ms('registered_at'),
    lastActiveAt: ms('last_active_at'),
  },
  (t) => [index('users_phone_idx').on(t.phone)],
);

export const departments = sqliteTable(
  'departments',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    parentId: text('parent_id'),
    name: text('name').notNull(),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [uniqueIndex('departments_org_name_uq').on(t.orgId, t.name)],
);

/** Phone-only people are unique per organization by phone: see the triggers named above `users`. */
export const memberships = sqliteTable(
  'memberships',
  {
    orgId: text('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ROLE }).notNull(),
    /** pending: added or invited, not yet registered; active: may use the organization. */
    status: text('status', { enum: ['pending', 'active'] }).notNull(),
    firstName: text('first_name'),
    lastName: text('last_name'),
    gender: text('gender'),
    birthday: text('birthday'),
    /**
     * The phone this organization has for the person (E.164): its own profile data, shown to it
     * alone.
     */
    phone: text('phone'),
    position: text('position'),
    departmentId: text('department_id').references(() => departments.id, { onDelete: 'set null' }),
    invitationState: text('invitation_state', {
      enum: ['not_invited', 'queued', 'invited', 'error'],
    })
      .notNull()
      .default('not_invited'),
    invitationError: text('invitation_error'),
    /** How the person came in, and through what, so a leaked link's joiners can be found. */
    source: text('source', {
      enum: ['created', 'added', 'link', 'invitation', 'import'],
    }).notNull(),
    linkId: text('link_id'),
    /** Lower-cased "first last email phone" for search. */
    searchText: text('search_text').notNull().default(''),
    createdAt: ms('created_at').notNull(),
    activatedAt: ms('activated_at'),
    /**
     * The person's last request to this organization (at most a minute old); what the members list
     * shows.
     */
    lastActiveAt: ms('last_active_at'),
    updatedAt: ms('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.userId] }),
    index('memberships_user_idx').on(t.userId),
    index('memberships_org_created_idx').on(t.orgId, t.createdAt, t.userId),
    index('memberships_org_status_created_idx').on(t.orgId, t.status, t.createdAt, t.userId),
    index('memberships_org_invstate_created_idx').on(
      t.orgId,
      t.invitationState,
      t.createdAt,
      t.userId,
    ),
    index('memberships_link_idx').on(t.linkId),
  ],
);

export const workspaces = sqliteTable(
  'workspaces',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [uniqueIndex('workspaces_org_name_uq').on(t.orgId, t.name)],
);

export const workspaceMembers = sqliteTable(
  'workspace_members',
  {
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    orgId: text('org_id').notNull(),
    role: text('role', { enum: ['member', 'manager'] }).notNull(),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.userId] }),
    index('workspace_members_org_user_idx').on(t.orgId, t.userId, t.role),
  ],
);

// ── General links and applications
// ───────────────────────────────────────────────────────────────────

export const inviteLinks = sqliteTable(
  'invite_links',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id),
    /**
     * The link's token is derived from TOKEN_SECRET, the id and this nonce; a new nonce kills the
     * old URL.
     */
    tokenNonce: text('token_nonce').notNull(),
    departmentId: text('department_id').references(() => departments.id, { onDelete: 'set null' }),
    role: text('role', { enum: ['admin', 'member'] }).notNull(),
    requiresApproval: bool('requires_approval').notNull(),
    maxUses: integer('max_uses'),
    useCount: integer('use_count').notNull().default(0),
    expiresAt: ms('expires_at'),
    revokedAt: ms('revoked_at'),
    revokedBy: text('revoked_by'),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [
    index('invite_links_org_created_idx').on(t.orgId, t.createdAt, t.id),
    index('invite_links_org_creator_created_idx').on(t.orgId, t.createdBy, t.createdAt, t.id),
  ],
);

export const applications = sqliteTable(
  'applications',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    linkId: text('link_id')
      .notNull()
      .references(() => inviteLinks.id),
    inviterId: text('inviter_id')
      .notNull()
      .references(() => users.id),
    name: text('name').notNull(),
    email: text('email').notNull(),
    status: text('status', { enum: ['pending', 'approved', 'rejected'] }).notNull(),
    reviewerId: text('reviewer_id').references(() => users.id),
    reviewedAt: ms('reviewed_at'),
    reason: text('reason'),
    /** The account the approval created or found. */
    userId: text('user_id'),
    searchText: text('search_text').notNull().default(''),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [
    index('applications_org_created_idx').on(t.orgId, t.createdAt, t.id),
    index('applications_org_status_created_idx').on(t.orgId, t.status, t.createdAt, t.id),
    index('applications_org_inviter_created_idx').on(t.orgId, t.inviterId, t.createdAt, t.id),
    index('applications_link_created_idx').on(t.linkId, t.createdAt),
    /** One pending application per address and organization decides `already_applied`. */
    uniqueIndex('applications_pending_email_uq')
      .on(t.orgId, t.email)
      .where(sql`status = 'pending'`),
  ],
);

// ── Personal invitations
// ─────────────────────────────────────────────────────────────────────────────

export const invitations = sqliteTable(
  'invitations',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    email: text('email'),
    phone: text('phone'),
    channel: text('channel', { enum: ['email', 'sms', 'link'] }).notNull(),
    role: text('role', { enum: ROLE }).notNull(),
    departmentId: text('department_id').references(() => departments.id, { onDelete: 'set null' }),
    /** For invitations sent to a member added beforehand (bulk "send invitation", import). */
    userId: text('user_id'),
    profile: text('profile', { mode: 'json' }).$type<Record<string, string>>(),
    status: text('status', { enum: ['pending', 'accepted', 'canceled', 'expired'] }).notNull(),
    tokenNonce: text('token_nonce').notNull(),
    expiresAt: ms('expires_at').notNull(),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id),
    resendCount: integer('resend_count').notNull().default(0),
    acceptedAt: ms('accepted_at'),
    acceptedBy: text('accepted_by'),
    canceledAt: ms('canceled_at'),
    canceledBy: text('canceled_by'),
    searchText: text('search_text').notNull().default(''),
    createdAt: ms('created_at').notNull(),
    updatedAt: ms('updated_at').notNull(),
  },
  (t) => [
    index('invitations_org_created_idx').on(t.orgId, t.createdAt, t.id),
    index('invitations_org_status_created_idx').on(t.orgId, t.status, t.createdAt, t.id),
    index('invitations_org_creator_status_created_idx').on(
      t.orgId,
      t.createdBy,
      t.status,
      t.createdAt,
      t.id,
    ),
    index('invitations_status_expires_idx').on(t.status, t.expiresAt),
    index('invitations_user_idx').on(t.orgId, t.userId),
    /** One pending invitation per address and organization decides `already_invited`. */
    uniqueIndex('invitations_pending_email_uq')
      .on(t.orgId, t.email)
      .where(sql`status = 'pending' AND email IS NOT NULL`),
    uniqueIndex('invitations_pending_phone_uq')
      .on(t.orgId, t.phone)
      .where(sql`status = 'pending' AND email IS NULL AND phone IS NOT NULL`),
  ],
);

export const invitationWorkspaces = sqliteTable(
  'invitation_workspaces',
  {
    invitationId: text('invitation_id')
      .notNull()
      .references(() => invitations.id, { onDelete: 'cascade' }),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ['member', 'manager'] }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.invitationId, t.workspaceId] }),
    index('invitation_workspaces_workspace_idx').on(t.workspaceId, t.role),
  ],
);

// ── Accounts
// ─────────────────────────────────────────────────────────────────────────────────────────

export const sessions = sqliteTable(
  'sessions',
  {
    /** The public half of the token; the secret half is stored only as its SHA-256. */
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    secretHash: text('secret_hash').notNull(),
    createdAt: ms('created_at').notNull(),
    expiresAt: ms('expires_at').notNull(),
    lastSeenAt: ms('last_seen_at').notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId), index('sessions_expires_idx').on(t.expiresAt)],
);

/**
 * Single-use links sent in messages: set a password, confirm joining an organization. The token is
 * derived from TOKEN_SECRET, the id and the nonce, so the database alone never yields a working
 * link.
 */
export const actionTokens = sqliteTable(
  'action_tokens',
  {
    id: text('id').primaryKey(),
    purpose: text('purpose', {
      enum: ['set_password', 'confirm_join', 'reset_password'],
    }).notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    orgId: text('org_id').references(() => organizations.id, { onDelete: 'cascade' }),
    /**
     * The e-mail address or phone the link went to: using it proves control of that address
     * (features/accounts/proof.ts).
     */
    sentTo: text('sent_to'),
    /**
     * Who sent it (an admin's "send invitation", a reviewer's approval); null for the system.
     * Joining through it needs their authority still (features/organizations/authority.ts), as a personal
     * invitation does.
     */
    createdBy: text('created_by'),
    /**
     * The welcome after a link without approval: the link, whose creator's authority it carries by
     * the link's rule (a member may make such a link where the organization allows it), instead of
     * a sender's.
     */
    viaLinkId: text('via_link_id'),
    tokenNonce: text('token_nonce').notNull(),
    expiresAt: ms('expires_at').notNull(),
    usedAt: ms('used_at'),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [
    index('action_tokens_user_idx').on(t.userId, t.purpose),
    index('action_tokens_expires_idx').on(t.expiresAt),
  ],
);

/**
 * Codes that prove an address where the link in hand does not (features/accounts/verification-codes.ts): a
 * copied invitation link (`channel: "link"`), an SMS invitation for someone who signs in with an
 * e-mail address, an SMS set-password link for such an account. Eight digits sent to the address
 * that must be proven. The code is derived from TOKEN_SECRET, the id and the nonce when the message
 * is rendered, so neither the database nor the outbox holds it; a few wrong tries or the expiry end
 * it.
 */
export const verificationCodes = sqliteTable(
  'verification_codes',
  {
    id: text('id').primaryKey(),
    /** What the code is for: an invitation, or a single-use link (`action_tokens`), by id. */
    forKind: text('for_kind', { enum: ['invitation', 'action_token'] }).notNull(),
    forId: text('for_id').notNull(),
    orgId: text('org_id').references(() => organizations.id, { onDelete: 'cascade' }),
    /** Where the code went: the address it proves. */
    sentTo: text('sent_to').notNull(),
    channel: text('channel', { enum: ['email', 'sms'] }).notNull(),
    tokenNonce: text('token_nonce').notNull(),
    attempts: integer('attempts').notNull().default(0),
    expiresAt: ms('expires_at').notNull(),
    usedAt: ms('used_at'),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [
    index('verification_codes_for_idx').on(t.forId, t.createdAt),
    index('verification_codes_expires_idx').on(t.expiresAt),
  ],
);

// ── Messages, audit, limits
// ──────────────────────────────────────────────────────────────────────────

/**
 * Every e-mail and SMS, written in the same batch as the change that causes it. It holds references
 * (kind + ids), never a token or a password: the message is rendered when it is delivered.
 */
export const outbox = sqliteTable(
  'outbox',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id'),
    kind: text('kind').notNull(),
    channel: text('channel', { enum: ['email', 'sms'] }).notNull(),
    /** The address or phone number, for display and diagnosis only. */
    recipient: text('recipient').notNull(),
    /** The record the message is about (application, invitation, membership, action token…). */
    refId: text('ref_id').notNull(),
    status: text('status', { enum: ['queued', 'sending', 'sent', 'error', 'skipped'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ms('next_attempt_at').notNull(),
    /**
     * Sent because of something anyone may do (a join through a link without approval, a code asked
     * for): counted against the organization's public budget, so strangers cannot spend what its
     * admins send (features/organizations/quota.ts).
     */
    byPublic: bool('by_public').notNull().default(false),
    /**
     * A claimed message is leased until this time; a crashed drainer's lease runs out and it is
     * claimed again.
     */
    lockedUntil: ms('locked_until'),
    /** Messages claimed together keep their batch (and its idempotency key) until they are sent. */
    batchKey: text('batch_key'),
    lastError: text('last_error'),
    providerMessageId: text('provider_message_id'),
    createdAt: ms('created_at').notNull(),
    sentAt: ms('sent_at'),
  },
  (t) => [
    index('outbox_due_idx').on(t.status, t.nextAttemptAt),
    index('outbox_ref_idx').on(t.refId),
    index('outbox_batch_idx').on(t.batchKey),
    /** An organization's messages of the last hour and day, for its quota (features/organizations/quota.ts). */
    index('outbox_org_created_idx').on(t.orgId, t.createdAt),
  ],
);

export const auditEvents = sqliteTable(
  'audit_events',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id'),
    actorId: text('actor_id'),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    detail: text('detail', { mode: 'json' }).$type<Record<string, unknown>>(),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [index('audit_events_org_created_idx').on(t.orgId, t.createdAt, t.id)],
);

/** Fixed-window counters for rate limits that must hold across Worker isolates. */
export const rateLimits = sqliteTable('rate_limits', {
  key: text('key').primaryKey(),
  count: integer('count').notNull(),
  resetAt: ms('reset_at').notNull(),
});
