/**
 * Personal invitations of an organization: send, list (visibility by role), resend, cancel, change
 * workspaces. The use cases: features/invitations/create.ts, features/invitations/list.ts and
 * features/invitations/changes.ts.
 */
import * as z from 'zod/mini';
import { idSchema } from '../../../../shared/api/common';
import {
  createInvitationRequestSchema,
  listInvitationsQuerySchema,
  setInvitationWorkspacesRequestSchema,
  type CreateInvitationResponse,
} from '../../../../shared/api/invitations';
import { cancelInvitation, resendInvitation, setInvitationWorkspaces } from './changes';
import { createInvitation } from './create';
import { toInvitationDto } from './invitations';
import { listInvitations } from './list';
import { json, params, query } from '../../http/middleware/validate';
import { actorOf, orgRouter } from '../../http/router';

const idParam = params(z.object({ org: z.string(), id: idSchema }));

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
      {
        invitation: await toInvitationDto(c.var.services, row),
        ...(url ? { url } : {}),
      } satisfies CreateInvitationResponse,
      201,
    );
  })
  .get('/', query(listInvitationsQuerySchema), async (c) =>
    c.json(
      await listInvitations(c.var.services, {
        org: c.var.org,
        actor: actorOf(c),
        query: c.req.valid('query'),
      }),
    ),
  )
  .post('/:id/resend', idParam, async (c) => {
    const { row, url } = await resendInvitation(
      c.var.services,
      c.var.org,
      actorOf(c),
      c.req.valid('param').id,
    );
    c.var.services.deliverSoon(c);
    return c.json({
      invitation: await toInvitationDto(c.var.services, row),
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
    return c.json(await toInvitationDto(c.var.services, row));
  });
