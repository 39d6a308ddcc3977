/** Accounts: people, their sessions, the single-use links and the codes sent to them. */
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { ms, bool } from './common';
import { organizations } from './organizations';

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
