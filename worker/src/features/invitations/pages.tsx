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
import { formatDateTime } from '../../i18n/dates';
import {
  answerProblem,
  InviteAcceptedPage,
  InvitePage,
  inviteProblem,
  type InviteStep,
  type InviteView,
} from './views';
import { invitePagesText } from './pages.text';
import { sameOriginForms } from '../../http/middleware/csrf';
import { fieldErrors } from '../../http/forms';
import { askedLocale, keepLang, pageLang, type PageLang } from '../../http/page-locale';
import { formBody, pageRouter, readForm, renderPage } from '../../http/page-router';
import { offerRenewal } from '../renewals/pages';
import { pageBrand } from '../organizations/branding';

/**
 * The page's facts; `proven` once the address is (a link that proves it, or a code just checked).
 */
const viewOf = (
  c: Context<AppEnv>,
  open: OpenInvitation,
  proven: boolean,
  lang: PageLang,
): InviteView => ({
  action: `/invite/${c.req.param('token')}`,
  lang,
  orgName: open.orgName,
  inviterName: open.inviterName,
  role: open.inv.role,
  address: invitedAddress(open.inv),
  expires: {
    text: formatDateTime(open.inv.expiresAt, lang.locale, open.timeZone),
    iso: new Date(open.inv.expiresAt).toISOString(),
  },
  account: proven || !needsCode(open) ? accountKind(open) : null,
  needsCode: needsCode(open),
  brand: pageBrand(c, open.brand),
});

/** The page's language: the reader's, else the invitation's organization's. */
const langOf = (
  c: Context<AppEnv>,
  open: OpenInvitation | { ok: false },
  form?: Record<string, string>,
) => pageLang(c, open.ok ? open.language : null, form);

/** When a code sent to the invitation's address stops working, as the page says it. */
const until = (ms: number, open: OpenInvitation, lang: PageLang) =>
  formatDateTime(ms, lang.locale, open.timeZone);

function problem(c: Context<AppEnv>, failure: { code: string; message: string }, lang: PageLang) {
  const { page, status } = inviteProblem(failure, lang, c.var.services.config.publicUrl);
  return renderPage(c, page, status);
}

const statusOf = (code: string) =>
  code === 'invalid_input' ? 422 : code === 'invalid_credentials' ? 401 : 403;

/** The open invitation behind the path's token, or the page that says why not. */
async function opened(c: Context<AppEnv>) {
  return openInvitation(c.var.services, c.req.param('token') ?? '');
}

/** Back to the invitation, in the language the reader chose. */
const backToInvitation = (c: Context<AppEnv>) =>
  c.redirect(
    keepLang(`/invite/${encodeURIComponent(c.req.param('token') ?? '')}`, pageLang(c)),
    303,
  );

export const invitePageRoutes = pageRouter()
  .get('/:token', async (c) => {
    const open = await opened(c);
    const lang = langOf(c, open);
    // An expired invitation's page offers to ask for a new one (features/renewals/), with what
    // was read already: one round trip.
    if (!open.ok && open.offer)
      return offerRenewal(c, 'invitation', c.req.param('token'), {
        code: 'invitation_expired',
        ...open.offer,
        brand: pageBrand(c, open.offer.brand),
      });
    if (!open.ok) return problem(c, open, lang);
    // A code sent already (the page reopened from the message) is asked for, not sent again over
    // the one in the inbox.
    const sentUntil = await codeSentUntil(c.var.services, open);
    const step: InviteStep = !needsCode(open)
      ? { step: 'accept' }
      : sentUntil
        ? { step: 'code', sentUntil: until(sentUntil, open, lang) }
        : { step: 'send' };
    return renderPage(c, <InvitePage view={viewOf(c, open, false, lang)} step={step} />);
  })
  // The address bar after a step's form: opening it again goes back to the invitation.
  .get('/:token/code', backToInvitation)
  .get('/:token/verify', backToInvitation)
  .post('/:token/code', formBody, sameOriginForms, async (c) => {
    const s = c.var.services;
    const form = await readForm(c);
    const open = await opened(c);
    const lang = langOf(c, open, form);
    if (!open.ok) return problem(c, open, lang);
    const locale = askedLocale(c, form);
    const sent = await sendInvitationCode(s, { open, clientIp: s.clientIp(c), locale });
    if (!sent)
      return problem(c, { code: 'no_code_needed', message: invitePagesText.in('en').noCode }, lang);
    s.deliverSoon(c);
    return renderPage(
      c,
      <InvitePage
        view={viewOf(c, open, false, lang)}
        step={{ step: 'code', sentUntil: until(sent.expiresAt, open, lang) }}
      />,
    );
  })
  .post('/:token/verify', formBody, sameOriginForms, async (c) => {
    const s = c.var.services;
    const form = await readForm(c);
    const open = await opened(c);
    const lang = langOf(c, open, form);
    if (!open.ok) return problem(c, open, lang);
    const code = (form.code ?? '').replace(/\s+/g, '').slice(0, 16);
    // Not eight digits is a typo, not a guess: it spends none of the code's tries.
    if (!/^\d{8}$/.test(code)) {
      return renderPage(
        c,
        <InvitePage
          view={viewOf(c, open, false, lang)}
          step={{ step: 'code' }}
          errors={{ code: invitePagesText.in(lang.locale).enterDigits }}
        />,
        422,
      );
    }
    const checked = await verifyInvitationCode(s, { open, code, clientIp: s.clientIp(c) });
    if (!checked.ok) {
      return renderPage(
        c,
        <InvitePage
          view={viewOf(c, open, false, lang)}
          step={{ step: 'code' }}
          errors={fieldErrors(checked.fields, lang.locale)}
          problem={answerProblem(checked, lang, invitedAddress(open.inv))}
        />,
        statusOf(checked.code),
      );
    }
    return renderPage(
      c,
      <InvitePage view={viewOf(c, open, true, lang)} step={{ step: 'accept', code }} />,
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
    const lang = langOf(c, open, form);
    if (!open.ok) return problem(c, open, lang);
    const result = await acceptOpened(s, open, {
      token,
      answers: { name, password, code },
      signedIn: null,
      clientIp: client,
      withSession: false,
    });
    if (result.ok) {
      const page = (
        <InviteAcceptedPage
          lang={lang}
          publicUrl={s.config.publicUrl}
          org={{ name: open.orgName, loginUrl: open.loginUrl }}
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
          view={viewOf(c, open, !codeProblem, lang)}
          step={step}
          name={name}
          errors={fieldErrors(result.fields, lang.locale)}
          problem={answerProblem(result, lang, invitedAddress(open.inv))}
        />
      );
      return renderPage(c, page, statusOf(result.code));
    }
    return problem(c, result, lang);
  });
