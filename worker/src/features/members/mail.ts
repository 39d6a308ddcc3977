/**
 * The bulk "send invitation" message to someone already added to the organization: login address,
 * login account, and a single-use set-password (or confirm-joining) link — or, in `password` mode,
 * an initial password derived from the same token (features/accounts/initial-password.ts). The outbox row
 * names the action token; the message is skipped when that token was used, revoked by a resend, or
 * expired, or when the person is no longer a pending member. The person's invitation state becomes
 * `invited` when the provider accepted the message, or `error` with the provider's reason when it
 * finally failed.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { actionTokens, memberships, organizations, users } from '../../db/schema';
import { actionUrl } from '../accounts/action-tokens';
import { initialPasswordFor } from '../accounts/initial-password';
import { checkPhone } from '../../lib/phone';
import { buildEmail, loginLabel, onBehalfOf, oneLine, type Block } from '../../mail/layout';
import type { MessageDefinition, RenderContext, Rendered } from '../../mail/messages';
import { roleLabel } from '../../mail/labels';
import { messageDate, messageLocale } from '../../mail/locale';
import { fill } from '../../i18n/text';
import { brandOf } from '../organizations/branding';
import { withDefaults } from '../organizations/orgs';
import { memberMailText } from './mail.text';

type Mode = 'invite' | 'password';

/**
 * What each of these tokens' messages needs, in one query (a bulk send renders a whole batch at
 * once).
 */
async function loadMany(ctx: RenderContext, tokenIds: string[]) {
  const rows = await ctx.db
    .select({
      token: actionTokens,
      role: memberships.role,
      status: memberships.status,
      locale: memberships.locale,
      user: users,
      org: organizations,
    })
    .from(actionTokens)
    .innerJoin(
      memberships,
      and(eq(memberships.orgId, actionTokens.orgId), eq(memberships.userId, actionTokens.userId)),
    )
    .innerJoin(users, eq(users.id, actionTokens.userId))
    .innerJoin(organizations, eq(organizations.id, actionTokens.orgId))
    .where(inArray(actionTokens.id, tokenIds));
  const byId = new Map(rows.map((r) => [r.token.id, r]));
  return tokenIds.map((id) => {
    const row = byId.get(id);
    if (
      !row ||
      row.token.usedAt !== null ||
      row.token.expiresAt <= ctx.now ||
      row.status !== 'pending'
    )
      return null;
    const org = oneLine(row.org.name, 80);
    const settings = withDefaults(row.org.settings);
    const chosen = settings.loginUrl;
    const loginUrl = chosen ?? `${ctx.publicUrl}/login`;
    const account = row.user.email ?? row.user.phone ?? '';
    // The language given when the person was imported or invited, else the organization's.
    const locale = messageLocale(row.locale, ctx.locale, settings.language);
    return {
      ...row,
      org,
      locale,
      w: memberMailText.in(locale),
      loginUrl,
      loginLabel: loginLabel(org, chosen !== null, locale),
      account,
      until: messageDate(row.token.expiresAt, locale, settings),
      brand: brandOf(ctx.publicUrl, row.org),
    };
  });
}

type Loaded = NonNullable<Awaited<ReturnType<typeof loadMany>>[number]>;

/** The secret part: a link to follow, or the initial password. */
async function secret(ctx: RenderContext, m: Loaded, mode: Mode) {
  if (mode === 'password') return { password: await initialPasswordFor(ctx.tokens, m.token) };
  const label = m.token.purpose === 'confirm_join' ? m.w.confirmJoining : m.w.setPassword;
  return { link: { label, url: await actionUrl(ctx.tokens, ctx.publicUrl, m.token) } };
}

function emailBlocks(m: Loaded, s: Awaited<ReturnType<typeof secret>>): Block[] {
  const { w } = m;
  const p = { org: m.org, until: m.until };
  const facts: [string, string][] = [
    [m.loginLabel, m.loginUrl],
    [w.loginAccount, m.account],
    [w.role, roleLabel(m.locale, m.role)],
  ];
  if (s.password) {
    return [
      { p: fill(w.passwordIntro, p) },
      { facts: [...facts, [w.initialPassword, s.password], [w.validUntil, m.until]] },
      { note: `${w.passwordNote} ${onBehalfOf(m.org, m.locale)}` },
    ];
  }
  return [
    { p: fill(w.linkIntro, p) },
    { facts },
    { button: s.link! },
    { note: `${fill(w.linkNote, p)} ${onBehalfOf(m.org, m.locale)}` },
  ];
}

function smsBody(m: Loaded, s: Awaited<ReturnType<typeof secret>>): string {
  const p = {
    org: m.org,
    account: m.account,
    until: m.until,
    loginLabel: m.loginLabel,
    loginUrl: m.loginUrl,
  };
  if (s.password) return fill(m.w.smsPassword, { ...p, password: s.password });
  return fill(m.w.smsLink, { ...p, action: s.link!.label, url: s.link!.url });
}

/**
 * Invitation state follows the provider's answer, unless a newer invitation replaced this one
 * meanwhile.
 */
const stillCurrent = (tokenId: string) =>
  sql`(${memberships.orgId}, ${memberships.userId}) = (SELECT org_id, user_id FROM action_tokens WHERE id = ${tokenId} AND used_at IS NULL)`;

/**
 * Invitation state goes `invited` for the people whose tokens are still current (the batch form of
 * `stillCurrent`).
 */
const stillCurrentAny = (tokenIds: string[]) =>
  sql`(${memberships.orgId}, ${memberships.userId}) IN (SELECT org_id, user_id FROM action_tokens WHERE ${inArray(actionTokens.id, tokenIds)} AND used_at IS NULL)`;

/** A new message's delivery reports are yet to come (features/delivery). */
const noDelivery = { deliveryStatus: null, deliveryAt: null, deliveryReason: null };

function definition<M extends Mode, C extends 'email' | 'sms'>(
  mode: M,
  channel: C,
): MessageDefinition<`member_${M}_${C}`> {
  async function renderOne(ctx: RenderContext, m: Loaded | null): Promise<Rendered | null> {
    if (!m) return null;
    const s = await secret(ctx, m, mode);
    // To the address the link was made for (the one it proves), whatever the profile says now.
    const to = m.token.sentTo;
    if (!to) return null;
    if (channel === 'sms') {
      const phone = checkPhone(to);
      return phone.ok ? { to: phone.e164, body: smsBody(m, s) } : null;
    }
    return buildEmail({
      to,
      locale: m.locale,
      subject: fill(m.w.subject, { org: m.org }),
      heading: fill(m.w.heading, { org: m.org }),
      blocks: emailBlocks(m, s),
      brand: m.brand,
    });
  }
  const renderMany = async (ctx: RenderContext, tokenIds: string[]) =>
    Promise.all((await loadMany(ctx, tokenIds)).map((m) => renderOne(ctx, m)));
  return {
    kind: `member_${mode}_${channel}`,
    render: async (ctx, tokenId) => (await renderMany(ctx, [tokenId]))[0]!,
    renderMany,
    onSent: (ctx, tokenId) => [
      ctx.db
        .update(memberships)
        .set({
          invitationState: 'invited',
          invitationError: null,
          ...noDelivery,
          updatedAt: ctx.now,
        })
        .where(and(stillCurrent(tokenId), eq(memberships.status, 'pending'))),
    ],
    onSentMany: (ctx, tokenIds) => [
      ctx.db
        .update(memberships)
        .set({
          invitationState: 'invited',
          invitationError: null,
          ...noDelivery,
          updatedAt: ctx.now,
        })
        .where(and(stillCurrentAny(tokenIds), eq(memberships.status, 'pending'))),
    ],
    onFailed: (ctx, tokenId, reason) => [
      ctx.db
        .update(memberships)
        .set({
          invitationState: 'error',
          invitationError: reason.slice(0, 300),
          updatedAt: ctx.now,
        })
        .where(and(stillCurrent(tokenId), eq(memberships.status, 'pending'))),
    ],
  };
}

export const memberInviteEmail = definition('invite', 'email');
export const memberInviteSms = definition('invite', 'sms');
export const memberPasswordEmail = definition('password', 'email');
export const memberPasswordSms = definition('password', 'sms');
