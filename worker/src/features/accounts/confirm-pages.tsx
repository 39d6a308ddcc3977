/**
 * `/confirm/:token`: an account that has a password confirms joining
 * (features/accounts/confirm-joining.ts). Opening the page changes nothing; the POST uses the link.
 */
import { sameOriginForms } from '../../http/middleware/csrf';
import { formBody, pageRouter, readForm, renderPage } from '../../http/page-router';
import { confirmJoining, openConfirmLink } from './confirm-joining';
import { linkPage, refusedInput, tokenOf } from './single-use-link-page';
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
      const link = await openConfirmLink(s, { token: tokenOf(c) });
      const password = link.needsPassword ? ((await readForm(c)).password ?? '').slice(0, 200) : '';
      try {
        const done = await confirmJoining(s, { link, password, clientIp: s.clientIp(c) });
        return renderPage(
          c,
          <ConfirmedPage
            publicUrl={s.config.publicUrl}
            org={link.org}
            mustChangePassword={done.mustChangePassword}
            brand={pageBrand(c, link.org)}
          />,
        );
      } catch (err) {
        if (!refusedInput(err, 'invalid_credentials', 'forbidden')) throw err;
        return renderPage(
          c,
          <ConfirmPage
            action={c.req.path}
            email={link.info.account}
            orgName={link.org.name}
            needsPassword={link.needsPassword}
            errors={err.fields}
            brand={pageBrand(c, link.org)}
          />,
          err.status,
        );
      }
    }),
  );
