/**
 * `/api/orgs/:org/webhooks`: an organization's signed webhook endpoints, for owners and admins
 * (members 403, other organizations 404). Reads travel with the caller's lookup
 * (http/read-as-member.ts); writes wait for the caller (`requireMember`) and commit in one batch.
 * The use cases: features/webhooks/endpoints.ts.
 */
import * as z from 'zod/mini';
import { idSchema } from '../../../../shared/api/common';
import {
  createWebhookRequestSchema,
  updateWebhookRequestSchema,
} from '../../../../shared/api/webhooks';
import type { AppContext } from '../../env';
import { notFound } from '../../errors';
import { requireBearer, requireMember } from '../../http/middleware/auth';
import { json, params } from '../../http/middleware/validate';
import { readAllAsMember, readAsMember } from '../../http/read-as-member';
import { actorOf, checkedRouter } from '../../http/router';
import { can, ensure } from '../organizations/permissions';
import { ATTEMPTS_KEPT } from './deliver';
import {
  attemptDto,
  createWebhook,
  deleteWebhook,
  detailStatements,
  endpointDto,
  listStatement,
  rotateWebhookSecret,
  sendTestEvent,
  updateWebhook,
  type WebhookCaller,
} from './endpoints';

const idParam = params(z.object({ org: z.string(), id: idSchema }));

/** Admits an owner or admin (403 for members), as the gate before every use case. */
function admin(c: AppContext): WebhookCaller {
  const actor = actorOf(c);
  ensure(can.manageWebhooks(actor), 'Only owners and admins manage webhooks');
  return { org: c.var.org, actor };
}

/** An endpoint and its latest `limit` attempts, read with the caller; 404 when it is not the organization's. */
async function readEndpoint(c: AppContext, id: string, limit: number) {
  const s = c.var.services;
  const read = await readAllAsMember(c, (caller) =>
    can.manageWebhooks(caller) ? [...detailStatements(s.db, caller.orgId, id, limit)] : null,
  );
  admin(c);
  const [[row], attempts] = read!;
  if (!row) throw notFound('Webhook endpoint');
  return { endpoint: endpointDto(row), attempts: attempts.map(attemptDto) };
}

export const webhookRoutes = checkedRouter()
  .post('/', requireMember, json(createWebhookRequestSchema), async (c) =>
    c.json(await createWebhook(c.var.services, admin(c), c.req.valid('json')), 201),
  )
  .get('/', requireBearer, async (c) => {
    const s = c.var.services;
    const rows = await readAsMember(c, (caller) =>
      can.manageWebhooks(caller) ? listStatement(s.db, caller.orgId) : null,
    );
    admin(c);
    return c.json({ items: (rows ?? []).map(endpointDto) });
  })
  .get('/:id', requireBearer, idParam, async (c) => {
    const { endpoint, attempts } = await readEndpoint(c, c.req.valid('param').id, 20);
    return c.json({ ...endpoint, recentAttempts: attempts });
  })
  .get('/:id/deliveries', requireBearer, idParam, async (c) => {
    const { attempts } = await readEndpoint(c, c.req.valid('param').id, ATTEMPTS_KEPT);
    return c.json({ items: attempts });
  })
  .patch('/:id', requireMember, idParam, json(updateWebhookRequestSchema), async (c) =>
    c.json(
      await updateWebhook(c.var.services, admin(c), c.req.valid('param').id, c.req.valid('json')),
    ),
  )
  .delete('/:id', requireMember, idParam, async (c) => {
    await deleteWebhook(c.var.services, admin(c), c.req.valid('param').id);
    return c.body(null, 204);
  })
  .post('/:id/rotate-secret', requireMember, idParam, async (c) =>
    c.json(await rotateWebhookSecret(c.var.services, admin(c), c.req.valid('param').id)),
  )
  .post('/:id/test', requireMember, idParam, async (c) =>
    c.json(await sendTestEvent(c.var.services, admin(c), c.req.valid('param').id)),
  );
