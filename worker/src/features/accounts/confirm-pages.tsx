/**
 * `/confirm/:token`: an account that has a password confirms joining
 * (features/accounts/confirm-joining.ts). Opening the page changes nothing; the POST uses the link.
 */
import { fieldErrors } from '../../http/forms';
import { sameOriginForms } from '../../http/middleware/csrf';
import { formBody, pageRouter, readForm, renderPage } from '../../http/page-router';
import { fill } from '../../i18n/text';
import { confirmJoining, openConfirmLink } from './confirm-joining';
import { accountPagesText } from './pages.text';
import { linkLang, linkPage, refusedInput, tokenOf } from './single-use-link-page';
import { ConfirmPage } from './views/confirm';
import { ConfirmedPage } from './views/link-messages';
import { pageBrand } from '../organizations/branding';

export const confirmPageRoutes = pageRouter()
  .get(
    '/:token',
    linkPage('confirm_join', async (c) => {
      const link = await openConfirmLink(c.var.services, { token: tokenOf(c) });
      return renderPage(
        c,
        <ConfirmPage
          action={c.req.path}
          lang={linkLang(c, link.org)}
          email={link.info.account}
          orgName={link.org.name}
          needsPassword={link.needsPassword}
          brand={pageBrand(c, link.org)}
        />,
      );
    }),
  )
  .post(
    '/:token',
    formBody,
    sameOriginForms,
    linkPage('confirm_join', async (c) => {
      const s = c.var.services;
      const form = await readForm(c);
      const link = await openConfirmLink(s, { token: tokenOf(c) });
      const lang = linkLang(c, link.org, form);
      const password = link.needsPassword ? (form.password ?? '').slice(0, 200) : '';
      try {
        const done = await confirmJoining(s, { link, password, clientIp: s.clientIp(c) });
        return renderPage(
          c,
          <ConfirmedPage
            lang={lang}
            publicUrl={s.config.publicUrl}
            org={link.org}
            mustChangePassword={done.mustChangePassword}
            brand={pageBrand(c, link.org)}
          />,
        );
      } catch (err) {
        if (!refusedInput(err, 'invalid_credentials', 'forbidden')) throw err;
        // An address never proven: said here in the page's words, with the account it names.
        const errors =
          err.code === 'forbidden'
            ? {
                password: fill(accountPagesText.in(lang.locale).confirmFirst, {
                  account: link.info.account,
                }),
              }
            : fieldErrors(err.fields, lang.locale);
        return renderPage(
          c,
          <ConfirmPage
            action={c.req.path}
            lang={lang}
            email={link.info.account}
            orgName={link.org.name}
            needsPassword={link.needsPassword}
            errors={errors}
            brand={pageBrand(c, link.org)}
          />,
          err.status,
        );
      }
    }),
  );
