/**
 * Personal invitations of an organization: send, list (visibility by role), resend, cancel, change
 * workspaces.
 */
import * as z from 'zod/mini';
import { idSchema } from '../../../../shared/api/common';
import {
  createInvitationRequestSchema,
  listInvitationsQuerySchema,
  setInvitationWorkspacesRequestSchema,
  type CreateInvitationResponse,
  type InvitationDto,
} from '../../../../shared/api/invitations';
import { toPage } from '../../db/pagination';
import { invitations } from '../../db/schema';
import { cancelInvitation, resendInvitation, setInvitationWorkspaces } from './changes';
import { createInvitation } from './create';
import {
  invitationVisibleTo,
  statusFilter,
  toInvitationDtos,
  type InvitationRow,
} from './invitations';
import { listPage } from '../search/search';
import type { AppContext } from '../../env';
import { json, params, query } from '../../http/middleware/validate';
import { actorOf, orgRouter } from '../../http/router';

const idParam = params(z.object({ org: z.string(), id: idSchema }));

async function dto(c: AppContext, row: InvitationRow): Promise<InvitationDto> {
  const [item] = await toInvitationDtos(c.var.services.db, [row], c.var.services.now());
  return item!;
}

export const invitationRoutes = orgRouter()
  .post('/', json(createInvitationRequestSchema), async (c) => {
    const { row, url } = await createInvitation(
      c.var.services,
      c.var.org,
      actorOf(c),
      c.req.valid('json'),
    );
    c.var.services.deliverSoon(c);
    return c.json(
      { invitation: await dto(c, row), ...(url ? { url } : {}) } satisfies CreateInvitationResponse,
      201,
    );
  })
  .get('/', query(listInvitationsQuerySchema), async (c) => {
    const { db, now } = c.var.services;
    const { status, q, cursor, limit } = c.req.valid('query');
    const rows = await listPage(
      db,
      {
        org: invitations.orgId,
        createdAt: invitations.createdAt,
        id: invitations.id,
        orgId: c.var.org.id,
        cursor,
        limit,
        filters: [statusFilter(status, now()), invitationVisibleTo(actorOf(c))],
        search: q ? { kind: 'invitation', q } : undefined,
      },
      (where, orderBy) =>
        db
          .select()
          .from(invitations)
          .where(where)
          .orderBy(...orderBy)
          .limit(limit + 1),
    );
    const result = toPage(
      rows,
      limit,
      (r) => ({ t: r.createdAt, id: r.id }),
      (r) => r,
    );
    return c.json({
      items: await toInvitationDtos(db, result.items, now()),
      nextCursor: result.nextCursor,
    });
  })
  .post('/:id/resend', idParam, async (c) => {
    const { row, url } = await resendInvitation(
      c.var.services,
      c.var.org,
      actorOf(c),
      c.req.valid('param').id,
    );
    c.var.services.deliverSoon(c);
    return c.json({
      invitation: await dto(c, row),
      ...(url ? { url } : {}),
    } satisfies CreateInvitationResponse);
  })
  .delete('/:id', idParam, async (c) => {
    await cancelInvitation(c.var.services, c.var.org, actorOf(c), c.req.valid('param').id);
    return c.body(null, 204);
  })
  .put('/:id/workspaces', idParam, json(setInvitationWorkspacesRequestSchema), async (c) => {
    const row = await setInvitationWorkspaces(
      c.var.services,
      c.var.org,
      actorOf(c),
      c.req.valid('param').id,
      c.req.valid('json').workspaces,
    );
    return c.json(await dto(c, row));
  });
