/**
 * The hosted page `GET /invite/:token`, its form `POST /invite/:token`, and `POST /invite/:token/code`, which sends a
 * code to the invitation's address when it was handed out as a copied link. Opening the page (GET, HEAD, a mail
 * scanner, a chat preview) changes nothing; the forms are refused from other origins (the pages' CSRF check) and run
 * the same logic as the API (domain/invitation-accept.ts, domain/verification-codes.ts), without a session.
 */
import type { Context } from 'hono';
import { acceptInvitation, needsCode, openInvitation, type OpenInvitation } from '../domain/invitation-accept';
import { enforceRateLimits } from '../domain/rate-limit';
import { sendInvitationCode } from '../domain/verification-codes';
import type { AppEnv } from '../env';
import { formatTime } from '../mail/kinds/invitation';
import { InviteAcceptedPage, InvitePage, inviteProblem, type InviteView } from '../pages/invite';
import { sameOriginForms } from '../middleware/csrf';
import { formBody, pageRouter, readForm, renderPage } from './page-router';

const viewOf = (c: Context<AppEnv>, open: OpenInvitation): InviteView => ({
  action: `/invite/${c.req.param('token')}`,
  orgName: open.orgName,
  inviterName: open.inviterName,
  role: open.inv.role,
  address: open.inv.email ?? open.inv.phone ?? '',
  expires: { text: formatTime(open.inv.expiresAt), iso: new Date(open.inv.expiresAt).toISOString() },
  account: open.account?.passwordHash ? 'existing' : 'new',
  needsCode: needsCode(open),
});

function problem(c: Context<AppEnv>, failure: { code: string; message: string }) {
  const { page, status } = inviteProblem(failure.code, failure.message);
  return renderPage(c, page, status);
}

const FORM_ERRORS = new Set(['invalid_input', 'invalid_credentials', 'verification_required']);

export const invitePageRoutes = pageRouter()
  .get('/:token', async (c) => {
    const open = await openInvitation(c.var.services, c.req.param('token'));
    if (!open.ok) return problem(c, open);
    return renderPage(c, <InvitePage view={viewOf(c, open)} />);
  })
  .post('/:token/code', formBody, sameOriginForms, async (c) => {
    const s = c.var.services;
    const open = await openInvitation(s, c.req.param('token'));
    if (!open.ok) return problem(c, open);
    if (open.inv.channel !== 'link') return problem(c, { code: 'conflict', message: 'This invitation went to its address, so its link is all you need. Open it again to accept.' });
    const sent = await sendInvitationCode(s, open.inv, open.org, s.clientIp(c));
    s.deliverSoon(c);
    return renderPage(c, <InvitePage view={viewOf(c, open)} codeSentUntil={formatTime(sent.expiresAt)} />);
  })
  .post('/:token', formBody, sameOriginForms, async (c) => {
    const s = c.var.services;
    const token = c.req.param('token');
    const form = await readForm(c);
    const name = form.name;
    const password = (form.password ?? '').slice(0, 200);
    const code = form.code ? form.code.slice(0, 16) : undefined;
    const client = s.clientIp(c);
    const open = await openInvitation(s, token);
    if (!open.ok) return problem(c, open);
    await enforceRateLimits(s.rateLimiter, [{ key: `accept:client:${client}`, limit: 100, windowMs: 15 * 60_000 }], s.now());
    const result = await acceptInvitation(s, token, { name, password, code }, null, client, false);
    if (result.ok) {
      const loginUrl = open.loginUrl ?? `${s.config.publicUrl}/login`;
      return renderPage(c, <InviteAcceptedPage orgName={open.orgName} loginUrl={loginUrl} account={result.user.email ?? result.user.phone ?? ''} />);
    }
    if (FORM_ERRORS.has(result.code)) {
      // Someone who typed a code keeps the code field; without one, the page offers to send it.
      const page = <InvitePage view={viewOf(c, open)} name={name} errors={result.fields ?? {}} problem={result.message} askCode={code !== undefined} />;
      const status = result.code === 'invalid_input' ? 422 : result.code === 'invalid_credentials' ? 401 : 403;
      return renderPage(c, page, status);
    }
    return problem(c, result);
  });
