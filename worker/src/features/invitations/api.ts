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
import {
  cancelInvitation,
  invitationToChange,
  resendInvitation,
  setInvitationWorkspaces,
} from './changes';
import { createInvitation, creationChecks } from './create';
import { invitationDto } from './invitations';
import { invitationsStatement, listInvitations } from './list';
import { json, params, query } from '../../http/middleware/validate';
import { requireBearer } from '../../http/middleware/auth';
import { readAsMember } from '../../http/read-as-member';
import { actorOf, checkedRouter } from '../../http/router';

const idParam = params(z.object({ org: z.string(), id: idSchema }));

export const invitationRoutes = checkedRouter()
  .post('/', requireBearer, json(createInvitationRequestSchema), async (c) => {
    const s = c.var.services;
    const body = c.req.valid('json');
    const checked = await readAsMember(c, (caller) => creationChecks(s.db, caller.orgId, body));
    const { item, url } = await createInvitation(s, c.var.org, actorOf(c), body, checked);
    s.deliverSoon(c);
    return c.json(
      {
        invitation: invitationDto(item, s.now()),
        ...(url ? { url } : {}),
      } satisfies CreateInvitationResponse,
      201,
    );
  })
  .get('/', requireBearer, query(listInvitationsQuerySchema), async (c) => {
    const s = c.var.services;
    const q = c.req.valid('query');
    const now = s.now();
    const rows = await readAsMember(c, (caller) => invitationsStatement(s.db, caller, q, now));
    return c.json(await listInvitations(s, { orgId: c.var.org.id, ...actorOf(c) }, q, rows, now));
  })
  .post('/:id/resend', requireBearer, idParam, async (c) => {
    const s = c.var.services;
    const { id } = c.req.valid('param');
    const found = await readAsMember(c, (caller) => invitationToChange(s.db, caller.orgId, id));
    const { item, url } = await resendInvitation(s, c.var.org, actorOf(c), id, found);
    s.deliverSoon(c);
    return c.json({
      invitation: invitationDto(item, s.now()),
      ...(url ? { url } : {}),
    } satisfies CreateInvitationResponse);
  })
  .delete('/:id', requireBearer, idParam, async (c) => {
    const s = c.var.services;
    const { id } = c.req.valid('param');
    const found = await readAsMember(c, (caller) => invitationToChange(s.db, caller.orgId, id));
    await cancelInvitation(s, c.var.org, actorOf(c), id, found);
    return c.body(null, 204);
  })
  .put(
    '/:id/workspaces',
    requireBearer,
    idParam,
    json(setInvitationWorkspacesRequestSchema),
    async (c) => {
      const s = c.var.services;
      const { id } = c.req.valid('param');
      const { workspaces } = c.req.valid('json');
      const ids = workspaces.map((g) => g.workspaceId);
      const found = await readAsMember(c, (caller) =>
        invitationToChange(s.db, caller.orgId, id, ids),
      );
      const item = await setInvitationWorkspaces(s, c.var.org, actorOf(c), id, workspaces, found);
      return c.json(invitationDto(item, s.now()));
    },
  );
