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
import { invitationsStatement, listInvitations } from './list';
import { json, params, query } from '../../http/middleware/validate';
import { requireMember } from '../../http/middleware/auth';
import { readAsMember } from '../../http/read-as-member';
import { actorOf, checkedRouter } from '../../http/router';

const idParam = params(z.object({ org: z.string(), id: idSchema }));

export const invitationRoutes = checkedRouter()
  .post('/', requireMember, json(createInvitationRequestSchema), async (c) => {
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
  .get('/', query(listInvitationsQuerySchema), async (c) => {
    const s = c.var.services;
    const q = c.req.valid('query');
    const now = s.now();
    const rows = await readAsMember(c, (caller) => invitationsStatement(s.db, caller, q, now));
    return c.json(await listInvitations(s, { orgId: c.var.org.id, ...actorOf(c) }, q, rows, now));
  })
  .post('/:id/resend', requireMember, idParam, async (c) => {
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
  .delete('/:id', requireMember, idParam, async (c) => {
    await cancelInvitation(c.var.services, c.var.org, actorOf(c), c.req.valid('param').id);
    return c.body(null, 204);
  })
  .put(
    '/:id/workspaces',
    requireMember,
    idParam,
    json(setInvitationWorkspacesRequestSchema),
    async (c) => {
      const row = await setInvitationWorkspaces(
        c.var.services,
        c.var.org,
        actorOf(c),
        c.req.valid('param').id,
        c.req.valid('json').workspaces,
      );
      return c.json(await toInvitationDto(c.var.services, row));
    },
  );
