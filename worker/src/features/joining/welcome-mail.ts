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
import { formatTime } from '../../lib/time';

import { withDefaults } from '../organizations/orgs';
import { brandColumns, brandOf } from '../organizations/branding';
import { buildEmail, loginLabel, onBehalfOf, type Block } from '../../mail/layout';
import type { MessageDefinition, MessageKind, RenderContext } from '../../mail/messages';
import { memberNameSql } from '../../db/member-names';

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
  const chosen = withDefaults(row.settings).loginUrl;
  const loginUrl = chosen ?? `${ctx.publicUrl}/login`;
  const newAccount = token.purpose === 'set_password';
  const password =
    withPassword && newAccount && row.user.passwordHash === null
      ? await initialPasswordFor(ctx.tokens, token)
      : null;
  const facts: [string, string][] = [
    [loginLabel(org, chosen !== null), loginUrl],
    ['Login account', row.user.email],
  ];
  if (password) facts.push(['Initial password', password]);
  const until = formatTime(token.expiresAt);
  const blocks: Block[] = [
    { p: `${row.inviterName} invited you to ${org}, and your request to join was accepted.` },
    { facts },
    ...(password
      ? [
          {
            p: `Sign in at the login address with this account and the initial password; you will then choose your own password. The initial password works until ${until}.`,
          },
          { button: { label: 'Sign in', url: loginUrl } },
        ]
      : [
          newAccount
            ? { p: 'Choose a password to activate your account:' }
            : {
                p: 'You already have an account with this address. Confirm that you want to join:',
              },
          {
            button: {
              label: newAccount ? 'Set your password' : 'Confirm joining',
              url: await actionUrl(ctx.tokens, ctx.publicUrl, token),
            },
          },
        ]),
    {
      note: `${password ? 'Keep this message private.' : `This link works once and expires on ${until}.`} If you did not ask to join “${org}”, ignore this message and nothing happens. ${onBehalfOf(org)}`,
    },
  ];
  return buildEmail({
    to: row.user.email,
    subject: `Welcome to ${org}`,
    heading: `Welcome to ${org}, ${row.app.name}`,
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
        .set({ invitationState: 'invited', invitationError: null, updatedAt: now })
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
