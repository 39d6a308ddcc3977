/**
 * Organizations: create one (the caller becomes its owner, unless the server lets only its operator
 * create them: `ORG_CREATION=nobody`), read it (with its settings and message quota for owners and
 * admins), change its settings.
 */
import { eq } from 'drizzle-orm';
import {
  createOrgRequestSchema,
  patchSettingsRequestSchema,
  type OrgSettings,
} from '../../../../shared/api/orgs';
import { organizations } from '../../db/schema';
import { auditEvent } from './audit';
import { createOrganization, toOrgDto, withDefaults } from './orgs';
import { can, ensure } from './permissions';
import { quotaOf, quotaUsage } from './quota';
import { enforceRateLimits } from '../../lib/rate-limit';
import { requireAuth, requireOrg } from '../../http/middleware/auth';
import { json } from '../../http/middleware/validate';
import { actorOf, publicRouter } from '../../http/router';

/** Organizations one account, and one client, may create in a day when `ORG_CREATION=anyone`. */
export const ORG_CREATION_LIMITS = { perAccount: 3, perClient: 10, windowMs: 24 * 3600_000 };

export const orgRoutes = publicRouter()
  .post('/', requireAuth, json(createOrgRequestSchema), async (c) => {
    const { db, now, config } = c.var.services;
    ensure(
      config.orgCreation === 'anyone',
      'On this server only its operator creates organizations; ask them for one',
    );
    // Each organization has its own message quota: how many one account (or one client) may create
    // decides how far a spammer's quota reaches.
    const s = c.var.services;
    await enforceRateLimits(
      s.rateLimiter,
      [
        {
          key: `org:create:${c.var.auth.user.id}`,
          limit: ORG_CREATION_LIMITS.perAccount,
          windowMs: ORG_CREATION_LIMITS.windowMs,
        },
        {
          key: `org:create:client:${s.clientIp(c)}`,
          limit: ORG_CREATION_LIMITS.perClient,
          windowMs: ORG_CREATION_LIMITS.windowMs,
        },
      ],
      now(),
    );
    const { user } = c.var.auth;
    const { name } = c.req.valid('json');
    const t = now();
    const org = createOrganization(
      db,
      { name, ownerId: user.id, ownerName: user.name, ownerEmail: user.email },
      t,
    );
    await db.batch([
      ...org.statements,
      auditEvent(
        db,
        {
          orgId: org.id,
          actorId: user.id,
          action: 'org.create',
          targetType: 'org',
          targetId: org.id,
          detail: { name },
        },
        t,
      ),
    ]);
    const [row] = await db.select().from(organizations).where(eq(organizations.id, org.id));
    return c.json(toOrgDto(row!, true), 201);
  })
  .get('/:org', requireAuth, requireOrg, async (c) => {
    const s = c.var.services;
    const org = c.var.org;
    if (!can.seeSettings(actorOf(c))) return c.json(toOrgDto(org, false));
    const quota = quotaOf(org, s.config.messageQuota);
    const used = await quotaUsage(s.db, org.id, s.now());
    return c.json({
      ...toOrgDto(org, true),
      quota: {
        messagesPerHour: quota.perHour,
        messagesPerDay: quota.perDay,
        sentLastHour: used.hour,
        sentLastDay: used.day,
      },
    });
  })
  .patch('/:org/settings', requireAuth, requireOrg, json(patchSettingsRequestSchema), async (c) => {
    const { db, now } = c.var.services;
    const org = c.var.org;
    const patch = c.req.valid('json');
    const keys = Object.keys(patch) as (keyof OrgSettings)[];
    ensure(can.changeSettings(actorOf(c), keys), 'Only an owner may change these settings');
    const settings = withDefaults({ ...org.settings, ...patch });
    const t = now();
    await db.batch([
      db.update(organizations).set({ settings }).where(eq(organizations.id, org.id)),
      auditEvent(
        db,
        {
          orgId: org.id,
          actorId: c.var.auth.user.id,
          action: 'org.settings_update',
          targetType: 'org',
          targetId: org.id,
          detail: patch,
        },
        t,
      ),
    ]);
    return c.json(toOrgDto({ ...org, settings }, true));
  });
