import { Hono } from 'hono';
import { requireAuth } from './middleware/auth';
import type { AppContext, AppEnv } from '../env';
import type { Actor } from '../features/organizations/permissions';

/** A router for routes open to everyone (health, join pages). */
export const publicRouter = () => new Hono<AppEnv>();

/*
 * Middleware given to `use()` applies to every path under the prefix a router is mounted at, so
 * mount a `userRouter` at a prefix of its own; where a prefix is shared, put `requireAuth` on each
 * route instead.
 */

/** A router whose routes need a signed-in user. */
export const userRouter = () => new Hono<AppEnv>().use(requireAuth);

/**
 * A router whose routes each check their caller themselves (every router under `/api/orgs/:org/…`
 * is one): with `requireAuth` / `requireMember`,
 * or by reading with the caller's lookup (`readAsCaller` / `readAsMember`, http/read-as-member.ts),
 * which sends it in one round trip with the route's own statement. The permission matrix
 * (test/helpers/permission-matrix.ts) asks every route as someone not signed in and as an outsider.
 */
export const checkedRouter = () => new Hono<AppEnv>();

/** The caller as the permission module sees them. */
export const actorOf = (c: AppContext): Actor => ({
  userId: c.var.auth.user.id,
  role: c.var.org.role,
  ...(c.var.auth.apiKey ? { apiKeyId: c.var.auth.apiKey.id } : {}),
});

/** Who the audit log names for this request: the person, or the API key acting for them. */
export const auditActorOf = (c: AppContext): string => c.var.auth.apiKey?.id ?? c.var.auth.user.id;
