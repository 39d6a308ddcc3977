/**
 * Who is calling: `requireAuth` turns the bearer token into a session and a user; `requireOrg`
 * turns `:org` into the caller's active membership there. Anything else answers 401, or 404 for an
 * organization the caller is not (or no longer) an active member of, so deleted members lose access
 * on their next request.
 */
import { and, eq, sql } from 'drizzle-orm';
import { createMiddleware } from 'hono/factory';
import type { Db } from '../../db/client';
import { auditEvents, memberships, organizations } from '../../db/schema';
import { insertWhere } from '../../db/guarded';
import { withDefaults } from '../../features/organizations/orgs';
import { validateSession } from '../../features/accounts/sessions';
import type { AppEnv } from '../../env';
import { AppError, notFound } from '../../errors';
import { newId } from '../../lib/ids';

/** Routes a user who must change their password may still call. */
const ALLOWED_BEFORE_PASSWORD_CHANGE = new Set([
  'GET /api/me',
  'POST /api/account/password',
  'POST /api/auth/logout',
]);

export function bearerToken(header: string | undefined): string | null {
  const m = /^Bearer ([^\s]{1,300})$/.exec(header ?? '');
  return m ? m[1]! : null;
}

export const requireAuth = createMiddleware<AppEnv>(async (c, next) => {
  const { db, now } = c.var.services;
  const token = bearerToken(c.req.header('authorization'));
  const found = token ? await validateSession(db, token, now()) : null;
  if (!found) throw new AppError('unauthenticated', 'Sign in to continue');
  if (
    found.user.mustChangePassword &&
    !ALLOWED_BEFORE_PASSWORD_CHANGE.has(`${c.req.method} ${c.req.path}`)
  ) {
    throw new AppError('password_change_required', 'Choose a new password before you continue');
  }
  c.set('auth', {
    sessionId: found.session.id,
    sessionStartedAt: found.session.createdAt,
    user: found.user,
  });
  await next();
});

/**
 * The caller's active membership, looked up on every organization route: built once per database.
 */
const membershipLookups = new WeakMap<Db, ReturnType<typeof prepareMembershipLookup>>();
const prepareMembershipLookup = (db: Db) =>
  db
    .select({
      org: organizations,
      role: memberships.role,
      lastActiveAt: memberships.lastActiveAt,
      activatedAt: memberships.activatedAt,
    })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.orgId))
    .where(
      and(
        eq(memberships.orgId, sql.placeholder('orgId')),
        eq(memberships.userId, sql.placeholder('userId')),
        eq(memberships.status, 'active'),
      ),
    )
    .limit(1)
    .prepare();

function membershipLookup(db: Db) {
  let lookup = membershipLookups.get(db);
  if (!lookup) {
    lookup = prepareMembershipLookup(db);
    membershipLookups.set(db, lookup);
  }
  return lookup;
}

/** How stale a membership's last activity may get before a request records it again. */
const TOUCH_EVERY_MS = 60_000;

export const requireOrg = createMiddleware<AppEnv>(async (c, next) => {
  const { db, now } = c.var.services;
  const orgId = c.req.param('org') ?? '';
  const userId = c.var.auth.user.id;
  const [row] = await membershipLookup(db).all({ orgId, userId });
  if (!row) throw notFound('Organization');

  c.set('org', { ...row.org, settings: withDefaults(row.org.settings), role: row.role });
  await next();
  // Activity is per organization, so the members list shows this organization's alone
  // (docs/SECURITY.md); a refused request is no activity and changes nothing. Like a session's last
  // use, it is written at most once a minute (joining counts as the first activity). The first use
  // of the organization in a session is its sign-in there, recorded in its audit log — only there:
  // one sign-in opens every organization of the account, and none learns when the person uses
  // another.
  const t = now();
  const { sessionStartedAt } = c.var.auth;
  const firstUse = (row.lastActiveAt ?? 0) < sessionStartedAt;
  if (c.res.ok && (firstUse || t - (row.lastActiveAt ?? row.activatedAt ?? 0) > TOUCH_EVERY_MS)) {
    const mine = and(eq(memberships.orgId, orgId), eq(memberships.userId, userId))!;
    const notYet = sql`NOT EXISTS (SELECT 1 FROM ${memberships} WHERE ${mine} AND ${memberships.lastActiveAt} >= ${sessionStartedAt})`;
    await db.batch([
      // Dated at this first use (a millisecond before what the request itself did), never at the
      // session's start, which would tell this organization when the person signed in to use
      // another.
      insertWhere(
        db,
        auditEvents,
        {
          id: newId(),
          orgId,
          actorId: userId,
          action: 'auth.sign_in',
          targetType: 'user',
          targetId: userId,
          createdAt: t - 1,
        },
        notYet,
      ),
      db.update(memberships).set({ lastActiveAt: t }).where(mine),
    ]);
  }
});
