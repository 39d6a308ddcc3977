/**
 * Organizations: create one (the caller becomes its owner, unless the server lets only its operator
 * create them: `ORG_CREATION=nobody`), read it (with its settings and message quota for owners and
 * admins), change its settings.
 */
import {
  createOrgRequestSchema,
  patchSettingsRequestSchema,
  type OrgSettings,
} from '../../../../shared/api/orgs';
import { requireAuth, requireBearer, requireOrg } from '../../http/middleware/auth';
import { json } from '../../http/middleware/validate';
import { readAllAsCaller, readAsMember } from '../../http/read-as-member';
import { actorOf, publicRouter, auditActorOf } from '../../http/router';
import { quotaUsageStatement } from './quota';
import { createOrganizationAsOwner, orgCreationCounting } from './orgs';
import { can, ensure } from './permissions';
import { readOrganization, updateSettings } from './settings';

export const orgRoutes = publicRouter()
  .post('/', requireBearer, json(createOrgRequestSchema), async (c) => {
    const s = c.var.services;
    const clientIp = s.clientIp(c);
    // The caller and the creation's counts in one round trip, then the organization.
    const counted = await readAllAsCaller(c, (userId, signedIn) =>
      orgCreationCounting(s, userId, signedIn, clientIp),
    );
    const { name } = c.req.valid('json');
    const created = await createOrganizationAsOwner(
      s,
      { user: c.var.auth.user, clientIp, name },
      counted,
    );
    return c.json(created, 201);
  })
  .get('/:org', async (c) => {
    const s = c.var.services;
    const now = s.now();
    const usage = await readAsMember(c, (caller) =>
      can.seeSettings(caller) ? quotaUsageStatement(s.db, caller.orgId, now) : null,
    );
    return c.json(readOrganization(s, { org: c.var.org, actor: actorOf(c) }, usage));
  })
  .patch('/:org/settings', requireAuth, requireOrg, json(patchSettingsRequestSchema), async (c) => {
    const patch = c.req.valid('json');
    const keys = Object.keys(patch) as (keyof OrgSettings)[];
    ensure(can.changeSettings(actorOf(c), keys), 'Only an owner may change these settings');
    const changed = await updateSettings(c.var.services, {
      org: c.var.org,
      actorId: auditActorOf(c),
      patch,
    });
    return c.json(changed);
  });
