/**
 * The welcome message after an application is approved (`refId` = the application). It carries the
 * login address (the organization's `loginUrl`, or this server's sign-in page), the login account
 * and a single-use link that expires: "set your password" for a new account, "confirm joining" for
 * an existing one. The initial-password variant (`sendInitialPassword`, new accounts only) carries
 * instead a random password derived from TOKEN_SECRET and the set-password token
 * (features/accounts/initial-password.ts): the first sign-in with it activates the membership and asks for a
 * new password. Nothing secret is read from the database: links and passwords are derived here.
 */
import { and, eq, sql } from 'drizzle-orm';
import { actionTokens, applications, memberships, organizations, users } from '../../db/schema';
import { actionUrl } from '../accounts/action-tokens';
import { initialPasswordFor } from '../accounts/initial-password';
import { approvalIds, WELCOME_KINDS } from './approval';

import { withDefaults } from '../organizations/orgs';
import { brandColumns, brandOf } from '../organizations/branding';
import { buildEmail, loginLabel, onBehalfOf, type Block } from '../../mail/layout';
import type { MessageDefinition, MessageKind, RenderContext } from '../../mail/messages';
import { memberNameSql } from '../../db/member-names';
import { messageDate, messageLocale } from '../../mail/locale';
import { fill } from '../../i18n/text';
import { welcomeText } from './welcome-mail.text';

async function render(ctx: RenderContext, appId: string, withPassword: boolean) {
  const { db, now } = ctx;
  const [row] = await db
    .select({
      app: applications,
      orgName: organizations.name,
      settings: organizations.settings,
      user: users,
      inviterName: memberNameSql(applications.orgId, applications.inviterId),
      brandOf: brandColumns,
    })
    .from(applications)
    .innerJoin(organizations, eq(organizations.id, applications.orgId))
    .innerJoin(users, eq(users.id, applications.userId))
    .where(and(eq(applications.id, appId), eq(applications.status, 'approved')))
    .limit(1);
  const [token] = await db
    .select()
    .from(actionTokens)
    .where(eq(actionTokens.id, approvalIds(appId).token))
    .limit(1);
  if (!row?.user.email || !token || token.usedAt !== null || token.expiresAt <= now) return null;
  const [membership] = await db
    .select({ status: memberships.status })
    .from(memberships)
    .where(and(eq(memberships.orgId, row.app.orgId), eq(memberships.userId, row.user.id)))
    .limit(1);
  if (membership?.status !== 'pending') return null;

  const org = row.orgName;
  const settings = withDefaults(row.settings);
  const chosen = settings.loginUrl;
  const loginUrl = chosen ?? `${ctx.publicUrl}/login`;
  // The language the applicant read the join page in, else the organization's.
  const locale = messageLocale(row.app.locale, ctx.locale, settings.language);
  const w = welcomeText.in(locale);
  const newAccount = token.purpose === 'set_password';
  const password =
    withPassword && newAccount && row.user.passwordHash === null
      ? await initialPasswordFor(ctx.tokens, token)
      : null;
  const facts: [string, string][] = [
    [loginLabel(org, chosen !== null, locale), loginUrl],
    [w.loginAccount, row.user.email],
  ];
  if (password) facts.push([w.initialPassword, password]);
  const p = {
    org,
    name: row.app.name,
    inviter: row.inviterName,
    until: messageDate(token.expiresAt, locale, settings),
  };
  const blocks: Block[] = [
    { p: fill(w.intro, p) },
    { facts },
    ...(password
      ? [{ p: fill(w.withPassword, p) }, { button: { label: w.signIn, url: loginUrl } }]
      : [
          { p: newAccount ? w.choosePassword : w.existingAccount },
          {
            button: {
              label: newAccount ? w.setPassword : w.confirmJoining,
              url: await actionUrl(ctx.tokens, ctx.publicUrl, token),
            },
          },
        ]),
    {
      note: `${password ? w.keepPrivate : fill(w.linkOnce, p)} ${fill(w.notAsked, p)} ${onBehalfOf(org, locale)}`,
    },
  ];
  return buildEmail({
    to: row.user.email,
    locale,
    subject: fill(w.subject, p),
    heading: fill(w.heading, p),
    blocks,
    brand: brandOf(ctx.publicUrl, row.brandOf),
  });
}

/** Sent or failed: the membership's invitation state says so (the members list shows it). */
const membershipOf = (appId: string) =>
  and(
    eq(memberships.orgId, sql`(SELECT org_id FROM applications WHERE id = ${appId})`),
    eq(memberships.userId, sql`(SELECT user_id FROM applications WHERE id = ${appId})`),
  );

function definition<K extends MessageKind>(kind: K, withPassword: boolean): MessageDefinition<K> {
  return {
    kind,
    render: (ctx, appId) => render(ctx, appId, withPassword),
    onSent: ({ db, now }, appId) => [
      db
        .update(memberships)
        .set({
          invitationState: 'invited',
          invitationError: null,
          // Its delivery reports are yet to come (features/delivery).
          deliveryStatus: null,
          deliveryAt: null,
          deliveryReason: null,
          updatedAt: now,
        })
        .where(membershipOf(appId)),
    ],
    onFailed: ({ db, now }, appId, reason) => [
      db
        .update(memberships)
        .set({ invitationState: 'error', invitationError: reason.slice(0, 300), updatedAt: now })
        .where(membershipOf(appId)),
    ],
  };
}

export const welcome = definition(WELCOME_KINDS.link, false);
export const welcomeInitialPassword = definition(WELCOME_KINDS.initialPassword, true);
