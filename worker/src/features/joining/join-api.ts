/**
 * The join API for the extension and other clients (`GET|POST /api/join/:token`), public: the same
 * logic as the hosted join page (features/joining/apply.ts). Reading a link changes nothing; applying is the
 * POST.
 */
import {
  applyRequestSchema,
  type ApplyResponse,
  type JoinInfo,
} from '../../../../shared/api/links';
import { applyThroughLink, lookupForJoin, type ApplyOutcome } from './apply';
import type { JoinTarget, LinkLookup } from '../links/links';
import { isoOrNull } from '../../db/pagination';
import { AppError } from '../../errors';
import { json } from '../../http/middleware/validate';
import { requestLocale } from '../../http/request-locale';
import { publicRouter } from '../../http/router';

const LINK_MESSAGES = {
  not_found: 'This invitation link is not valid',
  link_expired: 'This invitation link has expired',
  link_revoked: 'This invitation link has been turned off',
  link_exhausted: 'This invitation link has been used as many times as allowed',
} as const;

/** The error an unusable link or a refused application answers with. */
export function joinError(outcome: Exclude<ApplyOutcome | LinkLookup, { ok: true }>): AppError {
  switch (outcome.code) {
    case 'already_applied':
      return new AppError(
        'already_applied',
        'This e-mail address asked to join recently; what comes next goes to its mailbox',
        { email: 'asked to join recently' },
      );
    case 'email_domain':
      return new AppError(
        'invalid_input',
        `${outcome.target.org.name} accepts applications only from addresses at ${outcome.target.org.settings.allowedEmailDomains.join(', ')}`,
        {
          email: 'is not at a domain this organization accepts',
        },
      );
    default:
      return new AppError(outcome.code, LINK_MESSAGES[outcome.code]);
  }
}

export const joinInfo = (target: JoinTarget): JoinInfo => ({
  org: { name: target.org.name },
  inviter: { name: target.inviterName },
  requiresApproval: target.link.requiresApproval,
  expiresAt: isoOrNull(target.link.expiresAt),
});

export const joinApiRoutes = publicRouter()
  .get('/:token', async (c) => {
    const s = c.var.services;
    const found = await lookupForJoin(s, c.req.param('token'), s.clientIp(c));
    if (!found.ok) throw joinError(found);
    return c.json(joinInfo(found.target));
  })
  .post('/:token', json(applyRequestSchema), async (c) => {
    const s = c.var.services;
    const body = c.req.valid('json');
    const outcome = await applyThroughLink(
      s,
      c.req.param('token'),
      { ...body, locale: requestLocale(c, body.locale) },
      s.clientIp(c),
    );
    if (!outcome.ok) throw joinError(outcome);
    if (outcome.queued) s.deliverSoon(c);
    return c.json({ status: outcome.status } satisfies ApplyResponse, 201);
  });
