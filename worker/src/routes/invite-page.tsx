/**
 * The hosted page `GET /invite/:token` and its form `POST /invite/:token`. Opening the page (GET, HEAD, a mail
 * scanner, a chat preview) changes nothing; the form is refused from other origins (the pages' CSRF check) and
 * runs the same logic as `POST /api/invite/:token/accept` (domain/invitation-accept.ts), without a session.
 */
import type { Context } from 'hono';
import { acceptInvitation, openInvitation, type OpenInvitation } from '../domain/invitation-accept';
import { enforceRateLimits } from '../domain/rate-limit';
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
});

function problem(c: Context<AppEnv>, failure: { code: string; message: string }) {
  const { page, status } = inviteProblem(failure.code, failure.message);
  return renderPage(c, page, status);
}

export const invitePageRoutes = pageRouter()
  .get('/:token', async (c) => {
    const open = await openInvitation(c.var.services, c.req.param('token'));
    if (!open.ok) return problem(c, open);
    return renderPage(c, <InvitePage view={viewOf(c, open)} />);
  })
  .post('/:token', formBody, sameOriginForms, async (c) => {
    const s = c.var.services;
    const token = c.req.param('token');
    const form = await readForm(c);
    const name = form.name;
    const password = (form.password ?? '').slice(0, 200);
    const open = await openInvitation(s, token);
    if (!open.ok) return problem(c, open);
    await enforceRateLimits(s.rateLimiter, [{ key: `accept:invitation:${open.inv.id}`, limit: 10, windowMs: 15 * 60_000 }], s.now());
    const result = await acceptInvitation(s, token, { name, password }, null, false);
    if (result.ok) {
      const loginUrl = open.loginUrl ?? `${s.config.publicUrl}/login`;
      return renderPage(c, <InviteAcceptedPage orgName={open.orgName} loginUrl={loginUrl} account={result.user.email ?? result.user.phone ?? ''} />);
    }
    if (result.code === 'invalid_input' || result.code === 'invalid_credentials') {
      const page = <InvitePage view={viewOf(c, open)} name={name} errors={result.fields ?? {}} problem={result.message} />;
      return renderPage(c, page, result.code === 'invalid_input' ? 422 : 401);
    }
    return problem(c, result);
  });
