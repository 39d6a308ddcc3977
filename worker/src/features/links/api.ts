/**
 * General invitation links of an organization: create, list (with the URL, so it can be copied
 * again), see one with who joined through it, its QR code, revoke one (optionally removing everyone
 * who joined through it), and "reset all" (revoke every link the caller created). The use cases:
 * features/links/create.ts, features/links/list.ts, features/links/details.ts and
 * features/links/revoke.ts.
 */
import * as z from 'zod/mini';
import { idSchema } from '../../../../shared/api/common';
import {
  createLinkRequestSchema,
  listLinksQuerySchema,
  revokeLinkRequestSchema,
} from '../../../../shared/api/links';
import type { AppContext } from '../../env';
import { json, params, query } from '../../http/middleware/validate';
import { requireBearer, requireMember } from '../../http/middleware/auth';
import { readAllAsMember, readAsMember } from '../../http/read-as-member';
import { actorOf, checkedRouter } from '../../http/router';
import { createLink } from './create';
import { linkDetailStatements, linkDetails, linkQrSvg } from './details';
import { linksPage, listLinksStatement } from './list';
import { orgLinkStatement, type LinkCaller } from './org-link';
import { linkToRevoke, revokeLink, revokeMyLinks } from './revoke';

const idParam = params(z.object({ org: z.string(), id: idSchema }));

const callerOf = (c: AppContext): LinkCaller => ({ org: c.var.org, actor: actorOf(c) });

export const linkRoutes = checkedRouter()
  .post('/', requireMember, json(createLinkRequestSchema), async (c) => {
    const link = await createLink(c.var.services, {
      ...callerOf(c),
      request: c.req.valid('json'),
    });
    return c.json(link, 201);
  })
  .get('/', requireBearer, query(listLinksQuerySchema), async (c) => {
    const s = c.var.services;
    const q = c.req.valid('query');
    const rows = await readAsMember(c, (caller) => listLinksStatement(s.db, caller, q, s.now()));
    return c.json(await linksPage(s, c.var, rows, q));
  })
  .post('/reset', requireMember, async (c) =>
    c.json(await revokeMyLinks(c.var.services, callerOf(c))),
  )
  .get('/:id', requireBearer, idParam, async (c) => {
    const s = c.var.services;
    const { id } = c.req.valid('param');
    const read = await readAllAsMember(c, (caller) => linkDetailStatements(s, caller.orgId, id));
    return c.json(await linkDetails(s, { ...callerOf(c), id }, read ?? undefined));
  })
  .get('/:id/qr.svg', requireBearer, idParam, async (c) => {
    const s = c.var.services;
    const { id } = c.req.valid('param');
    const read = await readAsMember(c, (caller) => orgLinkStatement(s, caller.orgId, id));
    const svg = await linkQrSvg(s, { ...callerOf(c), id }, read);
    return c.body(svg, 200, {
      'Content-Type': 'image/svg+xml; charset=utf-8',
      'Cache-Control': 'no-store',
    });
  })
  .delete('/:id', requireBearer, idParam, json(revokeLinkRequestSchema), async (c) => {
    const s = c.var.services;
    const { id } = c.req.valid('param');
    const read = await readAsMember(c, (caller) => linkToRevoke(s, caller.orgId, id));
    const removeJoined = c.req.valid('json')?.removeJoined === true;
    return c.json(await revokeLink(s, { ...callerOf(c), id, removeJoined }, read));
  });
