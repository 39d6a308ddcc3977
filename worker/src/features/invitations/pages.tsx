/**
 * The hosted page `GET /invite/:token` and its forms. Opening the page (GET, HEAD, a mail scanner,
 * a chat preview) changes nothing; the forms are refused from other origins (the pages' CSRF check)
 * and run the same use cases as the API (features/invitations/accept.ts,
 * features/invitations/invite-code.ts), without a session: `POST /invite/:token/code` sends a code
 * to the invitation's address when its link does not prove it, `POST /invite/:token/verify` checks
 * the code and shows the form that applies, `POST /invite/:token` accepts.
 */
import type { Context } from 'hono';
import { acceptLimits, acceptOpened } from './accept';
import { codeSentUntil, sendInvitationCode, verifyInvitationCode } from './invite-code';
import {
  accountKind,
  invitedAddress,
  needsCode,
  openInvitation,
  type OpenInvitation,
} from './open-invitation';
import type { AppEnv } from '../../env';
import { formatTime } from '../../lib/time';
import { loginLabel } from '../../mail/layout';
import {
  InviteAcceptedPage,
  InvitePage,
  inviteProblem,
  type InviteStep,
  type InviteView,
} from './views';
import { sameOriginForms } from '../../http/middleware/csrf';
import { fieldErrors } from '../../http/forms';
import { formBody, pageRouter, readForm, renderPage } from '../../http/page-router';
import { pageBrand } from '../organizations/branding';

/**
 * The page's facts; `proven` once the address is (a link that proves it, or a code just checked).
 */
const viewOf = (c: Context<AppEnv>, open: OpenInvitation, proven: boolean): InviteView => ({
  action: `/invite/${c.req.param('token')}`,
  orgName: open.orgName,
  inviterName: open.inviterName,
  role: open.inv.role,
  address: invitedAddress(open.inv),
  expires: {
    text: formatTime(open.inv.expiresAt),
    iso: new Date(open.inv.expiresAt).toISOString(),
  },
  account: proven || !needsCode(open) ? accountKind(open) : null,
  needsCode: needsCode(open),
  brand: pageBrand(c, open.brand),
});

function problem(c: Context<AppEnv>, failure: { code: string; message: string }) {
  const { page, status } = inviteProblem(failure.code, failure.message);
  return renderPage(c, page, status);
}

const statusOf = (code: string) =>
  code === 'invalid_input' ? 422 : code === 'invalid_credentials' ? 401 : 403;

/** The open invitation behind the path's token, or the page that says why not. */
async function opened(c: Context<AppEnv>) {
  return openInvitation(c.var.services, c.req.param('token') ?? '');
}

export const invitePageRoutes = pageRouter()
  .get('/:token', async (c) => {
    const open = await opened(c);
    if (!open.ok) return problem(c, open);
    // A code sent already (the page reopened from the message) is asked for, not sent again over
    // the one in the inbox.
    const until = await codeSentUntil(c.var.services, open);
    const step: InviteStep = !needsCode(open)
      ? { step: 'accept' }
      : until
        ? { step: 'code', sentUntil: formatTime(until) }
        : { step: 'send' };
    return renderPage(c, <InvitePage view={viewOf(c, open, false)} step={step} />);
  })
  // The address bar after a step's form: opening it again goes back to the invitation.
  .get('/:token/code', (c) =>
    c.redirect(`/invite/${encodeURIComponent(c.req.param('token'))}`, 303),
  )
  .get('/:token/verify', (c) =>
    c.redirect(`/invite/${encodeURIComponent(c.req.param('token'))}`, 303),
  )
  .post('/:token/code', formBody, sameOriginForms, async (c) => {
    const s = c.var.services;
    const open = await opened(c);
    if (!open.ok) return problem(c, open);
    const sent = await sendInvitationCode(s, { open, clientIp: s.clientIp(c) });
    if (!sent)
      return problem(c, {
        code: 'conflict',
        message:
          'This invitation went to its address, so its link is all you need. Open it again to accept.',
      });
    s.deliverSoon(c);
    return renderPage(
      c,
      <InvitePage
        view={viewOf(c, open, false)}
        step={{ step: 'code', sentUntil: formatTime(sent.expiresAt) }}
      />,
    );
  })
  .post('/:token/verify', formBody, sameOriginForms, async (c) => {
    const s = c.var.services;
    const open = await opened(c);
    if (!open.ok) return problem(c, open);
    const code = ((await readForm(c)).code ?? '').replace(/\s+/g, '').slice(0, 16);
    // Not eight digits is a typo, not a guess: it spends none of the code's tries.
    if (!/^\d{8}$/.test(code)) {
      return renderPage(
        c,
        <InvitePage
          view={viewOf(c, open, false)}
          step={{ step: 'code' }}
          errors={{ code: 'Enter the 8 digits from the message.' }}
        />,
        422,
      );
    }
    const checked = await verifyInvitationCode(s, { open, code, clientIp: s.clientIp(c) });
    if (!checked.ok) {
      return renderPage(
        c,
        <InvitePage
          view={viewOf(c, open, false)}
          step={{ step: 'code' }}
          errors={fieldErrors(checked.fields)}
          problem={checked.message}
        />,
        statusOf(checked.code),
      );
    }
    return renderPage(
      c,
      <InvitePage view={viewOf(c, open, true)} step={{ step: 'accept', code }} />,
    );
  })
  .post('/:token', formBody, sameOriginForms, async (c) => {
    const s = c.var.services;
    const token = c.req.param('token');
    const form = await readForm(c);
    const name = form.name;
    const password = (form.password ?? '').slice(0, 200);
    const code = form.code ? form.code.slice(0, 16) : undefined;
    const client = s.clientIp(c);
    // The client's count and the invitation in one round trip, then the acceptance's write.
    const open = await openInvitation(s, token, acceptLimits(client));
    if (!open.ok) return problem(c, open);
    const result = await acceptOpened(s, open, {
      token,
      answers: { name, password, code },
      signedIn: null,
      clientIp: client,
      withSession: false,
    });
    if (result.ok) {
      const loginUrl = open.loginUrl ?? `${s.config.publicUrl}/login`;
      const page = (
        <InviteAcceptedPage
          orgName={open.orgName}
          loginUrl={loginUrl}
          loginLabel={loginLabel(open.orgName, open.loginUrl !== null)}
          account={result.user.email ?? result.user.phone ?? ''}
          brand={pageBrand(c, open.brand)}
        />
      );
      return renderPage(c, page);
    }
    if (
      result.code === 'invalid_input' ||
      result.code === 'invalid_credentials' ||
      result.code === 'verification_required'
    ) {
      // A wrong or missing code goes back a step; a wrong password or name keeps the checked code
      // for the next try.
      const codeProblem = result.fields?.code !== undefined;
      const step: InviteStep = codeProblem
        ? needsCode(open)
          ? { step: 'code' }
          : { step: 'send' }
        : { step: 'accept', code };
      const page = (
        <InvitePage
          view={viewOf(c, open, !codeProblem)}
          step={step}
          name={name}
          errors={fieldErrors(result.fields)}
          problem={result.message}
        />
      );
      return renderPage(c, page, statusOf(result.code));
    }
    return problem(c, result);
  });
