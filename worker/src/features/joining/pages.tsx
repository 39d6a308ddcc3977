/**
 * The hosted join page `GET /join/:token` and its form `POST /join/:token`. Opening the page (GET,
 * HEAD, a mail scanner, a chat preview) changes nothing; the form is refused from other origins
 * (http/middleware/csrf.ts), and it runs the same logic as `POST /api/join/:token` (features/joining/apply.ts).
 */
import { applyRequestSchema } from '../../../../shared/api/links';
import { applyThroughLink, lookupForJoin } from './apply';
import { formatTime } from '../../lib/time';
import type { JoinTarget } from '../links/links';
import { invalidInput } from '../../errors';
import { fieldErrors } from '../../http/forms';
import { JoinPage, JoinSubmittedPage, LinkUnusablePage, type JoinView } from './views';
import { MessagePage } from '../../http/layout';
import { joinError } from './join-api';
import { sameOriginForms } from '../../http/middleware/csrf';
import { formBody, pageRouter, readForm, renderPage } from '../../http/page-router';
import { pageBrand } from '../organizations/branding';

const view = ({ org, inviterName, link }: JoinTarget): JoinView => ({
  orgName: org.name,
  inviterName,
  requiresApproval: link.requiresApproval,
  expires:
    link.expiresAt === null
      ? null
      : { text: formatTime(link.expiresAt), iso: new Date(link.expiresAt).toISOString() },
});

export const joinPageRoutes = pageRouter()
  .get('/:token', async (c) => {
    const s = c.var.services;
    const token = c.req.param('token');
    const found = await lookupForJoin(s, token, s.clientIp(c));
    if (!found.ok) {
      const org = found.code === 'not_found' ? undefined : found.target.org;
      return renderPage(
        c,
        <LinkUnusablePage code={found.code} orgName={org?.name} brand={org && pageBrand(c, org)} />,
        found.code === 'not_found' ? 404 : 410,
      );
    }
    return renderPage(
      c,
      <JoinPage
        action={`/join/${token}`}
        view={view(found.target)}
        brand={pageBrand(c, found.target.org)}
      />,
    );
  })
  .post('/:token', formBody, sameOriginForms, async (c) => {
    const s = c.var.services;
    const token = c.req.param('token');
    const form = await readForm(c);
    const values = { name: form.name ?? '', email: form.email ?? '' };
    const parsed = applyRequestSchema.safeParse(values);
    if (!parsed.success) {
      const found = await lookupForJoin(s, token, s.clientIp(c));
      if (!found.ok)
        return renderPage(
          c,
          <LinkUnusablePage
            code={found.code}
            orgName={found.code === 'not_found' ? undefined : found.target.org.name}
            brand={found.code === 'not_found' ? undefined : pageBrand(c, found.target.org)}
          />,
          found.code === 'not_found' ? 404 : 410,
        );
      const errors = fieldErrors(invalidInput(parsed.error).fields);
      return renderPage(
        c,
        <JoinPage
          action={`/join/${token}`}
          view={view(found.target)}
          values={values}
          errors={errors}
          brand={pageBrand(c, found.target.org)}
        />,
        422,
      );
    }
    const outcome = await applyThroughLink(s, token, parsed.data, s.clientIp(c));
    if (outcome.ok) {
      if (outcome.queued) s.deliverSoon(c);
      return renderPage(
        c,
        <JoinSubmittedPage
          orgName={outcome.target.org.name}
          status={outcome.status}
          brand={pageBrand(c, outcome.target.org)}
        />,
      );
    }
    switch (outcome.code) {
      case 'already_applied':
        return renderPage(
          c,
          <MessagePage
            title="Already asked"
            message={`${outcome.target.org.name} already has a recent request from this e-mail address. Whatever comes next — a decision, or a note if the address already belongs — goes to that mailbox.`}
            brand={pageBrand(c, outcome.target.org)}
          />,
          409,
        );
      case 'email_domain': {
        const errors = fieldErrors(joinError(outcome).fields);
        return renderPage(
          c,
          <JoinPage
            action={`/join/${token}`}
            view={view(outcome.target)}
            values={values}
            errors={errors}
            brand={pageBrand(c, outcome.target.org)}
          />,
          422,
        );
      }
      default:
        return renderPage(
          c,
          <LinkUnusablePage
            code={outcome.code}
            orgName={outcome.code === 'not_found' ? undefined : outcome.target.org.name}
            brand={outcome.code === 'not_found' ? undefined : pageBrand(c, outcome.target.org)}
          />,
          outcome.code === 'not_found' ? 404 : 410,
        );
    }
  });
