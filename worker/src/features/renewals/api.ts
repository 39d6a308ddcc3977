/**
 * Renewals of an organization (features/renewals/): list, renew with a new personal invitation,
 * renew with a fresh general link e-mailed to the person, dismiss. Owners and admins see and act on
 * all of them; everyone else on those of their own invitations and links (another's answers 404);
 * renewing with an invitation asks the rules of creating one (only admins invite; only an owner
 * invites an owner), with a link the rules of creating a link (features/links/links.ts).
 */
import * as z from 'zod/mini';
import { idSchema } from '../../../../shared/api/common';
import {
  listRenewalsQuerySchema,
  type RenewalDto,
  type RenewalInviteResponse,
  type RenewalLinkResponse,
} from '../../../../shared/api/renewals';
import { decodeCursor } from '../../db/pagination';
import { requireBearer } from '../../http/middleware/auth';
import { params, query } from '../../http/middleware/validate';
import { readAllAsMember, readAsMember } from '../../http/read-as-member';
import { actorOf, checkedRouter } from '../../http/router';
import { dismissRenewal, renewalToDecide, renewWithInvitation, renewWithLink } from './decide';
import { renewalsPage, renewalsStatement } from './list';

const idParam = params(z.object({ org: z.string(), id: idSchema }));

export const renewalRoutes = checkedRouter()
  .get('/', requireBearer, query(listRenewalsQuerySchema), async (c) => {
    const s = c.var.services;
    const q = c.req.valid('query');
    // A cursor this server never gave out is refused once the caller is admitted.
    const goodCursor = (() => {
      try {
        decodeCursor(q.cursor);
        return true;
      } catch {
        return false;
      }
    })();
    const rows = await readAsMember(c, (caller) =>
      goodCursor ? renewalsStatement(s.db, caller, q) : null,
    );
    // Read nothing for a bad cursor: refused now that the caller is admitted.
    if (rows === null) decodeCursor(q.cursor);
    return c.json(renewalsPage(rows ?? [], q) satisfies { items: RenewalDto[] });
  })
  .post('/:id/invite', requireBearer, idParam, async (c) => {
    const s = c.var.services;
    const { id } = c.req.valid('param');
    const found = await readAllAsMember(c, (caller) => [...renewalToDecide(s.db, caller, id)]);
    const result = await renewWithInvitation(s, c.var.org, actorOf(c), found);
    s.deliverSoon(c);
    return c.json(result satisfies RenewalInviteResponse);
  })
  .post('/:id/link', requireBearer, idParam, async (c) => {
    const s = c.var.services;
    const { id } = c.req.valid('param');
    const found = await readAllAsMember(c, (caller) => [...renewalToDecide(s.db, caller, id)]);
    const result = await renewWithLink(s, c.var.org, actorOf(c), found);
    s.deliverSoon(c);
    return c.json(result satisfies RenewalLinkResponse);
  })
  .post('/:id/dismiss', requireBearer, idParam, async (c) => {
    const s = c.var.services;
    const { id } = c.req.valid('param');
    const found = await readAllAsMember(c, (caller) => [...renewalToDecide(s.db, caller, id)]);
    return c.json(await dismissRenewal(s, c.var.org, actorOf(c), found));
  });
