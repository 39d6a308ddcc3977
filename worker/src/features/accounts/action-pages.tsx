/**
 * The pages behind the single-use links in messages: `/set-password/:token` (a newcomer chooses a
 * password), `/reset-password/:token` (anyone chooses a new one, after "Forgot your password?"),
 * `/confirm/:token` (an account with a password confirms joining), and `/reset-password`, the form
 * that asks for such a link. Opening a link page changes nothing; the explicit POST uses the token
 * (one guarded write; a second use answers "already used") and, for an organization's link,
 * activates the pending membership in the same batch.
 *
 * A link proves the address it went to (`sent_to`, features/accounts/proof.ts): a password is set only by
 * someone who proved the account's sign-in address (or, for an account that never had one, any of
 * its addresses); confirming is one button when the link went to an address the account already
 * proved, and otherwise also asks for the account's password.
 */
import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import * as z from 'zod/mini';
import {
  maxString,
  passwordSchema,
  personNameSchema,
  trimmedString,
} from '../../../../shared/api/common';
import type { OrgSettings } from '../../../../shared/api/orgs';
import type { Db } from '../../db/client';
import { actionTokens, memberships, organizations, sessions, users } from '../../db/schema';
import {
  findActionToken,
  useActionToken,
  type ActionLookup,
  type ActionPurpose,
  type ActionToken,
} from './action-tokens';
import { auditEvent } from '../organizations/audit';
import { accountFromInput, verifyAccountPassword } from './credentials';
import { isGuardFailure, unlessChanged } from '../invitations/invitations';
import { activateMembership } from '../joining/joining';
import { withDefaults } from '../organizations/orgs';
import { queueMessage } from '../../mail/outbox';
import { resetInBackground } from './password-reset';
import { joinAuthority, mayStillJoin } from '../organizations/authority';
import { isVerified, markVerified, proves, signInKind, stillSignsInWith } from './proof';
import { checkCode, liveCodeUntil, sendCode, useCode } from './verification-codes';
import { formatTime } from '../invitations/mail';
import { loginLabel } from '../../mail/layout';
import type { AppContext, Services } from '../../env';
import { invalidInput } from '../../errors';
import { ConfirmPage } from './views/confirm';
import { ResetRequestPage } from './views/login';
import { SetPasswordPage, type CodeStep } from './views/set-password';
import { fieldErrors } from '../../http/forms';
import { MessagePage } from '../../http/layout';
import { sameOriginForms } from '../../http/middleware/csrf';
import {
  formBody,
  pageRouter,
  readForm,
  renderPage,
  repeatsNewPassword,
} from '../../http/page-router';

const newPasswordForm = z
  .object({ newPassword: passwordSchema, confirmPassword: maxString(200) })
  .check(repeatsNewPassword);

type UserRow = typeof users.$inferSelect;

/** The token's account, organization and membership, for the page. */
async function context(db: Db, row: ActionToken) {
  const [user] = await db.select().from(users).where(eq(users.id, row.userId)).limit(1);
  const [org] = row.orgId
    ? await db
        .select({
          id: organizations.id,
          name: organizations.name,
          settings: organizations.settings,
          messagesPerHour: organizations.messagesPerHour,
          messagesPerDay: organizations.messagesPerDay,
        })
        .from(organizations)
        .where(eq(organizations.id, row.orgId))
        .limit(1)
    : [];
  const [membership] = row.orgId
    ? await db
        .select({ status: memberships.status, role: memberships.role })
        .from(memberships)
        .where(and(eq(memberships.orgId, row.orgId), eq(memberships.userId, row.userId)))
        .limit(1)
    : [];
  // The link joins its organization only while whoever vouched for it could let the person in now
  // (features/organizations/authority.ts).
  const authority = await joinAuthority(db, row);
  const senderMay = await mayStillJoin(db, row, authority);
  return {
    user: user ?? null,
    account: user ? (user.email ?? user.phone ?? '') : '',
    org: org ?? null,
    membership: membership?.status ?? null,
    senderMay,
    authority,
  };
}

const senderGone = (c: AppContext) =>
  renderPage(
    c,
    <MessagePage
      title="This invitation can no longer be used"
      message="The person who sent it can no longer invite you. Ask an administrator of the organization for a new invitation."
      bad
    />,
    403,
  );

/**
 * Where to sign in, said as the organization's page when it chose one (mail/layout.ts
 * `loginLabel`).
 */
function signInAt(s: Services, org: { name: string; settings: OrgSettings } | null): string {
  const chosen = org ? withDefaults(org.settings).loginUrl : null;
  return `${loginLabel(org?.name ?? '', chosen !== null)}: ${chosen ?? `${s.config.publicUrl}/login`}`;
}

/** What a link that cannot be used says, and what to do next — which depends on what it was for. */
function unusable(
  c: AppContext,
  purpose: ActionPurpose,
  lookup: Exclude<ActionLookup, { ok: true }>,
) {
  const reset = purpose === 'reset_password';
  const used = {
    reset_password:
      'If you chose a new password with it, sign in with that; otherwise ask for a new link at /reset-password.',
    set_password:
      'If you have set your password, sign in with it; if you have forgotten it, choose a new one at /reset-password.',
    confirm_join: 'If you confirmed with it, you have joined: sign in with your password.',
  }[purpose];
  const pages = {
    not_found: [
      'Link not valid',
      'This link is not valid. Check that you opened the whole address from the message.',
      404,
    ],
    token_used: ['Link already used', `This link has already been used. ${used}`, 410],
    link_expired: [
      'Link expired',
      reset
        ? 'This link has expired: a reset link works for an hour. Ask for a new one at /reset-password.'
        : 'This link has expired. Ask an administrator of the organization to send you a new one.',
      410,
    ],
  } as const;
  const [title, message, status] = pages[lookup.code];
  return renderPage(c, <MessagePage title={title} message={message} bad />, status);
}

const notThisAccount = (c: AppContext) =>
  renderPage(
    c,
    <MessagePage
      title="This link cannot do that"
      message="This link went to an address that does not let it set this account's password: the account already has a password, or its address changed. Sign in with the account's password, or choose a new one at /reset-password."
      bad
    />,
    409,
  );

/**
 * Uses the token and applies `effects` in one batch that rolls back unless this attempt was the one
 * that used it: `used` when it was already used (or expired) meanwhile, `changed` when a guard
 * among `effects` failed.
 */
async function useToken(
  s: Services,
  row: ActionToken,
  authority: SQL,
  effects: (t: number) => BatchItem<'sqlite'>[],
): Promise<'ok' | 'used' | 'changed'> {
  const { db } = s;
  const t = s.now();
  const actions: Record<ActionPurpose, string> = {
    set_password: 'account.password_set',
    reset_password: 'account.password_reset',
    confirm_join: 'membership.confirm',
  };
  try {
    await db.batch([
      useActionToken(db, row.id, t),
      unlessChanged(db),
      ...effects(t),
      ...(row.sentTo ? [markVerified(db, row.userId, row.sentTo, t)] : []),
      ...(row.orgId
        ? [activateMembership(db, { orgId: row.orgId, userId: row.userId }, authority, t)]
        : []),
      auditEvent(
        db,
        {
          orgId: row.orgId,
          actorId: row.userId,
          action: actions[row.purpose],
          targetType: 'user',
          targetId: row.userId,
        },
        t,
      ),
    ]);
    return 'ok';
  } catch (err) {
    const [now] = await db.select().from(actionTokens).where(eq(actionTokens.id, row.id)).limit(1);
    if (!now || now.usedAt !== null || now.expiresAt <= t) return 'used';
    if (isGuardFailure(err)) return 'changed';
    throw err;
  }
}

const find = (c: AppContext, purpose: ActionPurpose) =>
  findActionToken(
    c.var.services.db,
    c.var.services.tokens,
    purpose,
    c.req.param('token') ?? '',
    c.var.services.now(),
  );

/**
 * What a set-password or reset link lets its holder do (features/accounts/proof.ts): `set` the password when
 * it went to the account's sign-in address; `code` — first prove the account's e-mail address with
 * a code — when it went to a phone an organization gave beside that address (then: choose the first
 * password, or, for an account that has one, just join); else nothing.
 */
function linkAllows(user: UserRow | null, row: ActionToken): 'set' | 'code' | 'nothing' {
  if (!user) return 'nothing';
  if (proves(user, row.sentTo)) return 'set';
  return row.purpose === 'set_password' && user.email !== null ? 'code' : 'nothing';
}

/**
 * Whether the page gives the account its first password (and so asks the person's name as well).
 */
const firstPassword = (info: { user: UserRow | null }) =>
  info.user !== null && info.user.passwordHash === null;

/**
 * `/set-password/:token` and `/reset-password/:token`: the same page, for a newcomer or after
 * "Forgot your password?".
 */
function passwordPage(purpose: 'set_password' | 'reset_password') {
  const reset = purpose === 'reset_password';
  type Info = Awaited<ReturnType<typeof context>>;
  const page = (
    c: AppContext,
    info: Info,
    extra: { errors?: Record<string, string>; code?: CodeStep; name?: string } = {},
    status: 200 | 401 | 403 | 422 = 200,
  ) =>
    renderPage(
      c,
      <SetPasswordPage
        action={c.req.path}
        email={info.account}
        orgName={info.org?.name ?? null}
        reset={reset}
        name={firstPassword(info) ? (extra.name ?? info.user?.name) : undefined}
        {...extra}
      />,
      status,
    );
  return pageRouter()
    .get('/:token', async (c) => {
      const found = await find(c, purpose);
      if (!found.ok) return unusable(c, purpose, found);
      const info = await context(c.var.services.db, found.row);
      if (!info.senderMay) return senderGone(c);
      const allows = linkAllows(info.user, found.row);
      if (allows === 'nothing') return notThisAccount(c);
      if (allows === 'set') return page(c, info);
      // A code sent already (the page reopened from the message) is asked for, not sent again over
      // the one in the inbox.
      const until = await liveCodeUntil(c.var.services.db, found.row.id, c.var.services.now());
      return page(c, info, {
        code: until
          ? { step: 'enter', address: info.account, sentUntil: formatTime(until) }
          : { step: 'send', address: info.account },
      });
    })
    .post('/:token', formBody, sameOriginForms, async (c) => {
      const s = c.var.services;
      const found = await find(c, purpose);
      if (!found.ok) return unusable(c, purpose, found);
      const info = await context(s.db, found.row);
      if (!info.senderMay) return senderGone(c);
      const user = info.user;
      const allows = linkAllows(user, found.row);
      if (!user || allows === 'nothing') return notThisAccount(c);
      const form = await readForm(c);
      // Through a phone, the account's e-mail address is proven with a code first; the link alone
      // proves only the phone.
      let codeId: string | null = null;
      if (allows === 'code') {
        const checked = await checkCode(
          s,
          found.row.id,
          info.account,
          (form.code ?? '').slice(0, 16),
          s.clientIp(c),
        );
        if (!checked.ok)
          return page(
            c,
            info,
            { errors: fieldErrors(checked.fields), code: { step: 'enter', address: info.account } },
            checked.code === 'invalid_credentials' ? 401 : 403,
          );
        codeId = checked.row.id;
      }
      const proven = codeId
        ? [
            useCode(s.db, codeId, s.now()),
            unlessChanged(s.db),
            markVerified(s.db, user.id, info.account, s.now()),
          ]
        : [];
      if (codeId && user.passwordHash !== null) {
        // The code proved the owner of an account that has a password: it joins, its password
        // untouched.
        if ((await useToken(s, found.row, info.authority, () => proven)) !== 'ok')
          return unusable(c, purpose, { ok: false, code: 'token_used' });
        return renderPage(
          c,
          <MessagePage
            title={`You joined ${info.org?.name ?? ''}`}
            message={`Sign in with ${info.account} and your password. ${signInAt(s, info.org)}`}
          />,
        );
      }
      const parsed = newPasswordForm.safeParse({
        newPassword: form.newPassword ?? '',
        confirmPassword: form.confirmPassword ?? '',
      });
      const name =
        firstPassword(info) && form.name !== undefined
          ? personNameSchema.safeParse(form.name)
          : null;
      if (!parsed.success || (name && !name.success)) {
        const again: CodeStep | undefined = codeId
          ? { step: 'password', address: info.account, code: form.code ?? '' }
          : undefined;
        const errors = {
          ...(parsed.success ? {} : invalidInput(parsed.error).fields),
          ...(name && !name.success
            ? { name: name.error.issues[0]?.message ?? 'is not valid' }
            : {}),
        };
        return page(
          c,
          info,
          { errors: fieldErrors(errors), name: form.name, ...(again ? { code: again } : {}) },
          422,
        );
      }
      const hash = await s.passwords.hash(parsed.data.newPassword);
      const ok = await useToken(s, found.row, info.authority, (t) => [
        ...proven,
        s.db
          .update(users)
          .set({
            passwordHash: hash,
            mustChangePassword: false,
            passwordExpiresAt: null,
            registeredAt: sql`coalesce(${users.registeredAt}, ${t})`,
            ...(name?.success ? { name: name.data } : {}),
          })
          // The owner of the sign-in address may replace a password; a code through a phone only
          // sets a first one.
          .where(
            and(
              eq(users.id, user.id),
              allows === 'set' ? undefined : isNull(users.passwordHash),
              stillSignsInWith(allows === 'set' ? found.row.sentTo! : info.account),
            ),
          ),
        unlessChanged(s.db),
        s.db.delete(sessions).where(eq(sessions.userId, user.id)),
        // Every other reset link of the account ends with this one.
        s.db
          .update(actionTokens)
          .set({ usedAt: t })
          .where(
            and(
              eq(actionTokens.userId, user.id),
              eq(actionTokens.purpose, 'reset_password'),
              isNull(actionTokens.usedAt),
            ),
          ),
        ...(reset && user.email
          ? [
              queueMessage(
                s.db,
                {
                  kind: 'password_changed',
                  channel: 'email',
                  recipient: user.email,
                  refId: user.id,
                },
                t,
              ),
            ]
          : []),
      ]);
      if (ok === 'used') return unusable(c, purpose, { ok: false, code: 'token_used' });
      if (ok === 'changed') return notThisAccount(c);
      s.deliverSoon(c);
      const joined =
        info.org && info.membership === 'pending'
          ? ` You are now a member of ${info.org.name}.`
          : '';
      return renderPage(
        c,
        <MessagePage
          title="Your password is set"
          message={`You can now sign in with ${info.account} and your new password. ${signInAt(s, info.org)}.${joined}`}
        />,
      );
    });
}

/**
 * A set-password link whose page asks for a code first (`linkAllows` → `code`), with its context;
 * else the page to show.
 */
async function codeLink(c: AppContext) {
  const found = await find(c, 'set_password');
  if (!found.ok) return unusable(c, 'set_password', found);
  const { user, org, ...info } = await context(c.var.services.db, found.row);
  if (!info.senderMay) return senderGone(c);
  if (!user || !org || linkAllows(user, found.row) !== 'code') return notThisAccount(c);
  return { row: found.row, info: { ...info, user, org } };
}

/**
 * A set-password link that came by SMS for an account that signs in with e-mail: a code to that
 * address first.
 */
export const setPasswordPageRoutes = passwordPage('set_password')
  .get('/:token/code', (c) => c.redirect(`/set-password/${c.req.param('token')}`, 303))
  .get('/:token/verify', (c) => c.redirect(`/set-password/${c.req.param('token')}`, 303))
  .post('/:token/verify', formBody, sameOriginForms, async (c) => {
    const s = c.var.services;
    const link = await codeLink(c);
    if (link instanceof Response) return link;
    const { row, info } = link;
    const action = `/set-password/${c.req.param('token')}`;
    const view = (code: CodeStep, errors?: Record<string, string>) => (
      <SetPasswordPage
        action={action}
        email={info.account}
        orgName={info.org.name}
        code={code}
        errors={errors}
        name={firstPassword(info) ? info.user.name : undefined}
      />
    );
    const code = ((await readForm(c)).code ?? '').replace(/\s+/g, '').slice(0, 16);
    if (!/^\d{8}$/.test(code))
      return renderPage(
        c,
        view(
          { step: 'enter', address: info.account },
          { code: 'Enter the 8 digits from the message.' },
        ),
        422,
      );
    const checked = await checkCode(s, row.id, info.account, code, s.clientIp(c));
    if (!checked.ok)
      return renderPage(
        c,
        view({ step: 'enter', address: info.account }, fieldErrors(checked.fields)),
        checked.code === 'invalid_credentials' ? 401 : 403,
      );
    // Only now, with the address proven, does the page say whether the account already has a
    // password.
    return renderPage(
      c,
      view({
        step: info.user.passwordHash === null ? 'password' : 'join',
        address: info.account,
        code,
      }),
    );
  })
  .post('/:token/code', formBody, sameOriginForms, async (c) => {
    const s = c.var.services;
    const link = await codeLink(c);
    if (link instanceof Response) return link;
    const { row, info } = link;
    const sent = await sendCode(
      s,
      { forKind: 'action_token', forId: row.id, sentTo: info.account, channel: 'email' },
      info.org,
      s.clientIp(c),
    );
    s.deliverSoon(c);
    const step: CodeStep = {
      step: 'enter',
      address: info.account,
      sentUntil: formatTime(sent.expiresAt),
    };
    return renderPage(
      c,
      <SetPasswordPage
        action={`/set-password/${c.req.param('token')}`}
        email={info.account}
        orgName={info.org.name}
        code={step}
      />,
    );
  });

const withdrawn = (c: AppContext) =>
  renderPage(
    c,
    <MessagePage
      title="Invitation withdrawn"
      message="This invitation no longer applies. Ask an administrator of the organization if you think this is a mistake."
      bad
    />,
    410,
  );

/**
 * One button when the link went to the account's sign-in address and it was proven before;
 * otherwise the password decides — because the address was never proven, or because the link went
 * elsewhere (an SMS).
 */
function confirmNeedsPassword(
  user: UserRow,
  row: ActionToken,
): 'unproven' | 'elsewhere' | undefined {
  if (!proves(user, row.sentTo)) return 'elsewhere';
  return isVerified(user, signInKind(user)) ? undefined : 'unproven';
}

export const confirmPageRoutes = pageRouter()
  .get('/:token', async (c) => {
    const found = await find(c, 'confirm_join');
    if (!found.ok) return unusable(c, 'confirm_join', found);
    const info = await context(c.var.services.db, found.row);
    if (!info.org || !info.membership || !info.user) return withdrawn(c);
    if (!info.senderMay) return senderGone(c);
    return renderPage(
      c,
      <ConfirmPage
        action={c.req.path}
        email={info.account}
        orgName={info.org.name}
        needsPassword={confirmNeedsPassword(info.user, found.row)}
      />,
    );
  })
  .post('/:token', formBody, sameOriginForms, async (c) => {
    const s = c.var.services;
    const found = await find(c, 'confirm_join');
    if (!found.ok) return unusable(c, 'confirm_join', found);
    const info = await context(s.db, found.row);
    const user = info.user;
    if (!info.org || !info.membership || !user) return withdrawn(c);
    if (!info.senderMay) return senderGone(c);
    const needsPassword = confirmNeedsPassword(user, found.row);
    if (needsPassword) {
      const form = await readForm(c);
      const page = (errors: Record<string, string>, status: 401 | 403) =>
        renderPage(
          c,
          <ConfirmPage
            action={c.req.path}
            email={info.account}
            orgName={info.org!.name}
            needsPassword={needsPassword}
            errors={errors}
          />,
          status,
        );
      if (
        !(await verifyAccountPassword(s, s.clientIp(c), user, (form.password ?? '').slice(0, 200)))
      )
        return page({ password: 'The password is not right.' }, 401);
      // A link to an address the account does not have proves nothing; the password alone does only
      // for a proven account.
      if (!proves(user, found.row.sentTo) && !isVerified(user, signInKind(user))) {
        return page(
          {
            password: `Confirm ${info.account} first: choose a new password at /reset-password, then open this link again.`,
          },
          403,
        );
      }
    }
    if ((await useToken(s, found.row, info.authority, () => [])) !== 'ok')
      return unusable(c, 'confirm_join', { ok: false, code: 'token_used' });
    const next = user.mustChangePassword
      ? 'Sign in with the initial password from your e-mail; you will be asked to choose your own password.'
      : 'Sign in with your existing password.';
    return renderPage(
      c,
      <MessagePage
        title={`You joined ${info.org.name}`}
        message={`You are now a member of ${info.org.name}. ${next} ${signInAt(s, info.org)}`}
      />,
    );
  });

const resetForm = z.object({ email: trimmedString(254, 1) });

/** `/reset-password` (ask for a link) and `/reset-password/:token` (use it). */
export const resetPasswordPageRoutes = passwordPage('reset_password')
  .get('/', (c) => renderPage(c, <ResetRequestPage />))
  .post('/', formBody, sameOriginForms, async (c) => {
    const s = c.var.services;
    const form = await readForm(c);
    const parsed = resetForm.safeParse({ email: form.email ?? '' });
    if (!parsed.success)
      return renderPage(
        c,
        <ResetRequestPage
          email={form.email}
          errors={fieldErrors(invalidInput(parsed.error).fields)}
        />,
        422,
      );
    await resetInBackground(s, c, {
      clientIp: s.clientIp(c),
      account: accountFromInput(parsed.data.email),
    });
    return renderPage(c, <ResetRequestPage email={parsed.data.email} sent />);
  });
