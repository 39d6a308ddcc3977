/**
 * An organization's API keys: owners and admins, signed in as themselves, list, create and revoke
 * them; a key never manages keys (403).
 */
import * as z from 'zod/mini';
import { createApiKeyRequestSchema, listApiKeysQuerySchema } from '../../../../shared/api/api-keys';
import { idSchema } from '../../../../shared/api/common';
import { requireBearer, requireMember } from '../../http/middleware/auth';
import { json, params, query } from '../../http/middleware/validate';
import { readAsMember } from '../../http/read-as-member';
import { actorOf, checkedRouter } from '../../http/router';
import { can, ensure } from '../organizations/permissions';
import { apiKeysPage, apiKeysStatement, createApiKey, ensurePerson, revokeApiKey } from './manage';

const idParam = params(z.object({ org: z.string(), id: idSchema }));

export const apiKeyRoutes = checkedRouter()
  .get('/', requireBearer, query(listApiKeysQuerySchema), async (c) => {
    const page = c.req.valid('query');
    const rows = await readAsMember(c, (caller) =>
      can.manageApiKeys(caller)
        ? apiKeysStatement(c.var.services.db, { orgId: caller.orgId, ...page })
        : null,
    );
    const actor = actorOf(c);
    ensurePerson(actor);
    ensure(can.manageApiKeys(actor), 'Only owners and admins may see API keys');
    return c.json(apiKeysPage(rows ?? [], page.limit));
  })
  .post('/', requireMember, json(createApiKeyRequestSchema), async (c) => {
    const { user } = c.var.auth;
    const created = await createApiKey(c.var.services, {
      orgId: c.var.org.id,
      actor: actorOf(c),
      creator: { id: user.id, name: user.name },
      request: c.req.valid('json'),
    });
    return c.json(created, 201);
  })
  .delete('/:id', requireMember, idParam, async (c) => {
    await revokeApiKey(c.var.services, {
      orgId: c.var.org.id,
      actor: actorOf(c),
      id: c.req.valid('param').id,
    });
    return c.body(null, 204);
  });
