/**
 * Joining an organization after an application is approved (by an admin, or by the system on a link without
 * approval): the account (if none), a pending membership in the link's department with the link's role, a
 * single-use link and the welcome message. Every effect is guarded by "this application is approved" and keyed by
 * the application's id, so it happens once, in the batch that approves, whoever wins a race to approve.
 *
 * The membership becomes active only when the newcomer proves control of the address: by setting a password
 * through the set-password link, or by confirming through the confirm link (existing accounts, and the
 * `sendInitialPassword` variant, whose random initial password is derived from TOKEN_SECRET when the message is
 * rendered and stored only as a hash, expiring with the invitation).
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { OrgSettings } from '../../../shared/api/orgs';
import type { Db } from '../db/client';
import { actionTokens, applications, auditEvents, memberships, outbox, users } from '../db/schema';
import { newId, newNonce } from '../lib/ids';
import type { PasswordHasher } from '../lib/password';
import type { TokenKit } from '../lib/tokens';
import { existsWhere, insertWhere } from './guarded';

/** Ids derived from the application: a second attempt at the same approval inserts nothing new. */
export const approvalIds = (appId: string) => ({ token: `${appId}-t`, message: `${appId}-w`, audit: `${appId}-a` });

export const WELCOME_KINDS = { link: 'welcome', initialPassword: 'welcome_initial_password' } as const;

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/** The initial password of an application's newcomer: 16 characters (about 93 bits) derived from TOKEN_SECRET. */
export async function initialPassword(tokens: TokenKit, appId: string): Promise<string> {
  const bytes = await tokens.mac('initial_password', appId);
  const chars = Array.from(bytes.slice(0, 16), (b) => ALPHABET[b % ALPHABET.length]).join('');
  return chars.match(/.{4}/g)!.join('-');
}

export interface ApprovalInput {
  app: { id: string; orgId: string; linkId: string; name: string; email: string };
  link: { role: 'admin' | 'member'; departmentId: string | null };
  /** null when the system approves (a link without approval). */
  reviewerId: string | null;
  /** The account with this address, read before the batch. */
  existing: { id: string; passwordHash: string | null } | null;
  settings: OrgSettings;
  now: number;
}

/** The statements that follow an application's approval; put them after the write that approves it. */
export async function approvalEffects(db: Db, deps: { tokens: TokenKit; passwords: PasswordHasher }, input: ApprovalInput): Promise<BatchItem<'sqlite'>[]> {
  const { app, link, now: t, settings } = input;
  const ids = approvalIds(app.id);
  const approved = existsWhere(applications, and(eq(applications.id, app.id), eq(applications.status, 'approved'))!);
  const userRef = sql`SELECT ${users.id} FROM ${users} WHERE ${users.email} = ${app.email}`;
  const registered = Boolean(input.existing?.passwordHash);
  const initial = settings.sendInitialPassword && !registered;
  const ttl = settings.inviteTtlHours * 3600_000;
  const secret = initial ? { passwordHash: await deps.passwords.hash(await initialPassword(deps.tokens, app.id)), mustChangePassword: true, passwordExpiresAt: t + ttl } : {};
  const [firstName, ...rest] = app.name.split(' ');

  const account: BatchItem<'sqlite'>[] = input.existing
    ? initial
      ? [db.update(users).set(secret).where(and(eq(users.id, input.existing.id), isNull(users.passwordHash), approved))]
      : []
    : [insertWhere(db, users, { id: newId(), email: app.email, name: app.name, createdAt: t, ...secret }, approved)];
  return [
    ...account,
    db.update(applications).set({ userId: sql`(${userRef})` }).where(and(eq(applications.id, app.id), eq(applications.status, 'approved'))),
    insertWhere(db, memberships, {
      orgId: app.orgId,
      userId: userRef,
      role: link.role,
      status: 'pending',
      firstName: firstName || null,
      lastName: rest.join(' ') || null,
      departmentId: link.departmentId,
      invitationState: 'queued',
      source: 'link',
      linkId: app.linkId,
      searchText: `${app.name} ${app.email}`.toLowerCase(),
      createdAt: t,
      updatedAt: t,
    }, approved),
    insertWhere(db, actionTokens, {
      id: ids.token,
      purpose: registered || initial ? 'confirm_join' : 'set_password',
      userId: userRef,
      orgId: app.orgId,
      tokenNonce: newNonce(),
      expiresAt: t + ttl,
      createdAt: t,
    }, approved),
    insertWhere(db, outbox, {
      id: ids.message,
      orgId: app.orgId,
      kind: initial ? WELCOME_KINDS.initialPassword : WELCOME_KINDS.link,
      channel: 'email',
      recipient: app.email,
      refId: app.id,
      status: 'queued',
      nextAttemptAt: t,
      createdAt: t,
    }, approved),
    insertWhere(db, auditEvents, {
      id: ids.audit,
      orgId: app.orgId,
      actorId: input.reviewerId,
      action: 'application.approve',
      targetType: 'application',
      targetId: app.id,
      detail: { email: app.email, linkId: app.linkId, by: input.reviewerId ? 'admin' : 'system' },
      createdAt: t,
    }, approved),
  ];
}

/** Makes a pending membership active: the newcomer proved control of their address. */
export function activateMembership(db: Db, target: { orgId: string; userId: string }, now: number) {
  return db
    .update(memberships)
    .set({ status: 'active', activatedAt: now, updatedAt: now })
    .where(and(eq(memberships.orgId, target.orgId), eq(memberships.userId, target.userId), eq(memberships.status, 'pending')));
}
