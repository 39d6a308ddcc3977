/**
 * The hosted page `GET /invite/:token` and its form `POST /invite/:token`. Opening the page (GET, HEAD, a mail
 * scanner, a chat preview) changes nothing; the form is refused from other origins (middleware/csrf.ts) and runs
 * the same logic as `POST /api/invite/:token/accept` (domain/invitation-accept.ts), without starting a session.
 */
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { acceptInvitation, openInvitation, type OpenInvitation } from '../domain/invitation-accept';
import { enforceRateLimits } from '../domain/rate-limit';
import type { AppEnv } from '../env';
import { AppError, toAppError } from '../errors';
import { formatTime } from '../mail/kinds/invitation';
import { sameOriginForms } from '../middleware/csrf';
import { InviteAcceptedPage, InvitePage, inviteProblem, type InviteView } from '../pages/invite';
import { MessagePage, pageHeaders } from '../pages/layout';
import { publicRouter } from './router';

async function render(c: Context<AppEnv>, page: JSX.Element, status: ContentfulStatusCode = 200) {
  pageHeaders(c);
  return c.html(`<!doctype html>${String(await page)}`, status);
}

const viewOf = (c: Context<AppEnv>, open: OpenInvitation): InviteView => ({
  action: `/invite/${c.req.param('token')}`,
  orgName: open.orgName,
  inviterName: open.inviterName,
  role: open.inv.role,
  address: open.inv.email ?? open.inv.phone ?? '',
  expires: { text: formatTime(open.inv.expiresAt), iso: new Date(open.inv.expiresAt).toISOString() },
  account: open.account?.passwordHash ? 'existing' : 'new',
});

const formLimit = bodyLimit({
  maxSize: 16 * 1024,
  onError: () => {
    throw new AppError('payload_too_large', 'The form was larger than this page accepts.');
  },
});

export const invitePageRoutes = publicRouter()
  .get('/:token', async (c) => {
    const open = await openInvitation(c.var.services, c.req.param('token'));
    if (!open.ok) {
      const { page, status } = inviteProblem(open.code, open.message);
      return render(c, page, status);
    }
    return render(c, <InvitePage view={viewOf(c, open)} />);
  })
  .post('/:token', formLimit, sameOriginForms, async (c) => {
    const s = c.var.services;
    const token = c.req.param('token');
    const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const name = typeof body.name === 'string' ? body.name : undefined;
    const password = typeof body.password === 'string' ? body.password.slice(0, 200) : '';
    const open = await openInvitation(s, token);
    if (!open.ok) {
      const { page, status } = inviteProblem(open.code, open.message);
      return render(c, page, status);
    }
    await enforceRateLimits(s.rateLimiter, [{ key: `accept:invitation:${open.inv.id}`, limit: 10, windowMs: 15 * 60_000 }], s.now());
    const result = await acceptInvitation(s, token, { name, password }, null, false);
    if (result.ok) {
      const loginUrl = open.loginUrl ?? `${s.config.publicUrl}/login`;
      return render(c, <InviteAcceptedPage orgName={open.orgName} loginUrl={loginUrl} account={result.user.email ?? result.user.phone ?? ''} />);
    }
    if (result.code === 'invalid_input' || result.code === 'invalid_credentials') {
      const errors = result.fields ?? {};
      return render(c, <InvitePage view={viewOf(c, open)} name={name} errors={errors} problem={result.message} />, result.code === 'invalid_input' ? 422 : 401);
    }
    const { page, status } = inviteProblem(result.code, result.message);
    return render(c, page, status);
  })
  .onError((err, c) => {
    const e = toAppError(err) ?? new AppError('internal', 'Something went wrong on our side. Please try again in a moment.');
    if (!toAppError(err)) c.var.services.log(`error id=${c.var.requestId} invite page: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    if (e.retryAfterSeconds !== undefined) c.header('Retry-After', String(e.retryAfterSeconds));
    return render(c, <MessagePage title={e.code === 'rate_limited' ? 'Too many attempts' : 'This did not work'} message={e.message} bad />, e.status);
  });

