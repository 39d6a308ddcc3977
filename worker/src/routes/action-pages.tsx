/**
 * The pages behind the welcome message's single-use links: `/set-password/:token` (a new account chooses its
 * password) and `/confirm/:token` (an existing account confirms joining). Opening one changes nothing; the
 * explicit POST uses the token (one guarded write; a second use answers "already used") and activates the
 * pending membership in the same batch.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import * as z from 'zod/mini';
import { maxString, passwordSchema } from '../../../shared/api/common';
import type { OrgSettings } from '../../../shared/api/orgs';
import type { Db } from '../db/client';
import { actionTokens, memberships, organizations, sessions, users } from '../db/schema';
import { findActionToken, useActionToken, type ActionLookup, type ActionPurpose, type ActionToken } from '../domain/action-tokens';
import { auditEvent } from '../domain/audit';
import { unlessChanged } from '../domain/invitations';
import { activateMembership } from '../domain/joining';
import { withDefaults } from '../domain/orgs';
import type { AppContext, Services } from '../env';
import { invalidInput } from '../errors';
import { ConfirmPage, SetPasswordPage } from '../pages/account';
import { fieldErrors } from '../pages/forms';
import { MessagePage } from '../pages/layout';
import { sameOriginForms } from '../middleware/csrf';
import { formBody, pageRouter, readForm, renderPage, repeatsNewPassword } from './page-router';

const newPasswordForm = z
  .object({ newPassword: passwordSchema, confirmPassword: maxString(200) })
  .check(repeatsNewPassword);

/** The token's account, organization and membership, for the page. */
async function context(db: Db, row: ActionToken) {
  const [user] = await db.select({ email: users.email, mustChangePassword: users.mustChangePassword }).from(users).where(eq(users.id, row.userId)).limit(1);
  const [org] = row.orgId ? await db.select({ name: organizations.name, settings: organizations.settings }).from(organizations).where(eq(organizations.id, row.orgId)).limit(1) : [];
  const [membership] = row.orgId
    ? await db.select({ status: memberships.status }).from(memberships).where(and(eq(memberships.orgId, row.orgId), eq(memberships.userId, row.userId))).limit(1)
    : [];
  return { email: user?.email ?? '', mustChangePassword: user?.mustChangePassword ?? false, org: org ?? null, membership: membership?.status ?? null };
}

const loginUrlOf = (s: Services, org: { settings: OrgSettings } | null) => (org ? withDefaults(org.settings).loginUrl : null) ?? `${s.config.publicUrl}/login`;

function unusable(c: AppContext, lookup: Exclude<ActionLookup, { ok: true }>) {
  const pages = {
    not_found: ['Link not valid', 'This link is not valid. Check that you opened the whole address from the e-mail.', 404],
    token_used: ['Link already used', 'This link has already been used. If you have set your password, sign in with it.', 410],
    link_expired: ['Link expired', 'This link has expired. Ask an administrator of the organization to send you a new one.', 410],
  } as const;
  const [title, message, status] = pages[lookup.code];
  return renderPage(c, <MessagePage title={title} message={message} bad />, status);
}

/**
 * Uses the token and applies `effects` in one batch that rolls back unless this attempt was the one that used it;
 * false when it was already used (or expired meanwhile).
 */
async function useToken(s: Services, row: ActionToken, effects: (t: number) => BatchItem<'sqlite'>[]): Promise<boolean> {
  const { db } = s;
  const t = s.now();
  const audit = auditEvent(db, { orgId: row.orgId, actorId: row.userId, action: row.purpose === 'set_password' ? 'account.password_set' : 'membership.confirm', targetType: 'user', targetId: row.userId }, t);
  try {
    await db.batch([
      useActionToken(db, row.id, t),
      unlessChanged(db),
      ...effects(t),
      ...(row.orgId ? [activateMembership(db, { orgId: row.orgId, userId: row.userId }, t)] : []),
      audit,
    ]);
    return true;
  } catch (err) {
    const [now] = await db.select().from(actionTokens).where(eq(actionTokens.id, row.id)).limit(1);
    if (!now || now.usedAt !== null || now.expiresAt <= t) return false;
    throw err;
  }
}

function tokenPages(purpose: ActionPurpose) {
  return {
    find: (c: AppContext) => findActionToken(c.var.services.db, c.var.services.tokens, purpose, c.req.param('token') ?? '', c.var.services.now()),
    /** The form posts back to the page's own address. */
    action: (c: AppContext) => c.req.path,
  };
}

const setPassword = tokenPages('set_password');
export const setPasswordPageRoutes = pageRouter()
  .get('/:token', async (c) => {
    const found = await setPassword.find(c);
    if (!found.ok) return unusable(c, found);
    const info = await context(c.var.services.db, found.row);
    return renderPage(c, <SetPasswordPage action={setPassword.action(c)} email={info.email} orgName={info.org?.name ?? null} />);
  })
  .post('/:token', formBody, sameOriginForms, async (c) => {
    const s = c.var.services;
    const found = await setPassword.find(c);
    if (!found.ok) return unusable(c, found);
    const info = await context(s.db, found.row);
    const form = await readForm(c);
    const parsed = newPasswordForm.safeParse({ newPassword: form.newPassword ?? '', confirmPassword: form.confirmPassword ?? '' });
    if (!parsed.success) {
      const errors = fieldErrors(invalidInput(parsed.error).fields);
      return renderPage(c, <SetPasswordPage action={setPassword.action(c)} email={info.email} orgName={info.org?.name ?? null} errors={errors} />, 422);
    }
    const hash = await s.passwords.hash(parsed.data.newPassword);
    const userId = found.row.userId;
    const ok = await useToken(s, found.row, (t) => [
      s.db.update(users).set({ passwordHash: hash, mustChangePassword: false, passwordExpiresAt: null, registeredAt: sql`coalesce(${users.registeredAt}, ${t})` }).where(eq(users.id, userId)),
      s.db.delete(sessions).where(eq(sessions.userId, userId)),
    ]);
    if (!ok) return unusable(c, { ok: false, code: 'token_used' });
    const joined = info.org && info.membership === 'pending' ? ` You are now a member of ${info.org.name}.` : '';
    return renderPage(c, <MessagePage title="Your password is set" message={`You can now sign in at ${loginUrlOf(s, info.org)} with ${info.email} and your new password.${joined}`} />);
  });

const confirm = tokenPages('confirm_join');
export const confirmPageRoutes = pageRouter()
  .get('/:token', async (c) => {
    const found = await confirm.find(c);
    if (!found.ok) return unusable(c, found);
    const info = await context(c.var.services.db, found.row);
    if (!info.org || !info.membership) return renderPage(c, <MessagePage title="Invitation withdrawn" message="This invitation no longer applies. Ask an administrator of the organization if you think this is a mistake." bad />, 410);
    return renderPage(c, <ConfirmPage action={confirm.action(c)} email={info.email} orgName={info.org.name} />);
  })
  .post('/:token', formBody, sameOriginForms, async (c) => {
    const s = c.var.services;
    const found = await confirm.find(c);
    if (!found.ok) return unusable(c, found);
    const info = await context(s.db, found.row);
    if (!info.org || !info.membership) return renderPage(c, <MessagePage title="Invitation withdrawn" message="This invitation no longer applies. Ask an administrator of the organization if you think this is a mistake." bad />, 410);
    if (!(await useToken(s, found.row, () => []))) return unusable(c, { ok: false, code: 'token_used' });
    const next = info.mustChangePassword
      ? 'Sign in with the initial password from your e-mail; you will be asked to choose your own password.'
      : 'Sign in with your existing password.';
    return renderPage(c, <MessagePage title={`You joined ${info.org.name}`} message={`You are now a member of ${info.org.name}. ${next} Sign-in address: ${loginUrlOf(s, info.org)}`} />);
  });
