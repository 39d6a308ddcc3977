/**
 * Who is calling: `requireAuth` turns the bearer token into a session and a user; `requireOrg`
 * turns `:org` into the caller's active membership there; `requireMember` is both. Anything else
 * answers 401, or 404 for an organization the caller is not (or no longer) an active member of, so
 * deleted members lose access on their next request. The session, the user and the membership are
 * one statement (`callerStatement`), which a read sends together with its own statements
 * (http/read-as-member.ts) so that it reaches the database once. An API key (`inv_key_…`,
 * features/api-keys/) is looked up the same way, by its own statement (`callerLookup`), and admitted
 * on its organization's routes only, acting for its creator in its own role.
 */
import { and, eq, type Placeholder, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { Db } from '../../db/client';
import { apiKeys, auditEvents, memberships, organizations, sessions, users } from '../../db/schema';
import { insertWhere } from '../../db/guarded';
import { withDefaults } from '../../features/organizations/orgs';
import { judgeSession, sessionTokenParts } from '../../features/accounts/sessions';
import {
  apiKeyTokenParts,
  keyCallerStatement,
  keyHolds,
  keyRateRule,
  keySecretHash,
  keyWorks,
  type KeyCallerRow,
} from '../../features/api-keys/keys';
import type { AppEnv, AuthState } from '../../env';
import { AppError, forbidden, notFound } from '../../errors';
import { newId } from '../../lib/ids';
import { hitOf, tooMany } from '../../lib/rate-limit';

/** Routes a user who must change their password may still call. */
export const ALLOWED_BEFORE_PASSWORD_CHANGE = new Set([
  'GET /api/me',
  'POST /api/account/password',
  'POST /api/auth/logout',
]);

/** Whether this request may be made by an account that must change its password first. */
export const allowedBeforePasswordChange = (c: Context) =>
  ALLOWED_BEFORE_PASSWORD_CHANGE.has(`${c.req.method} ${c.req.path}`);

export function bearerToken(header: string | undefined): string | null {
  const m = /^Bearer ([^\s]{1,300})$/.exec(header ?? '');
  return m ? m[1]! : null;
}

/**
 * The caller in one statement: the session, its user and the user's active membership in `orgId`
 * with its organization (null columns when there is none, or when `orgId` is '').
 */
export const callerStatement = (
  db: Db,
  sessionId: string | Placeholder,
  orgId: string | Placeholder,
) =>
  db
    .select({
      session: sessions,
      user: users,
      org: organizations,
      role: memberships.role,
      lastActiveAt: memberships.lastActiveAt,
      activatedAt: memberships.activatedAt,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(
      memberships,
      and(
        eq(memberships.userId, sessions.userId),
        eq(memberships.orgId, orgId),
        eq(memberships.status, 'active'),
      ),
    )
    .leftJoin(organizations, eq(organizations.id, memberships.orgId))
    .where(eq(sessions.id, sessionId))
    .limit(1);

export type CallerRow = Awaited<ReturnType<typeof callerStatement>>[number];

/** The same statement for the middleware, prepared once per database. */
const preparedLookups = new WeakMap<Db, ReturnType<typeof prepareLookup>>();
const prepareLookup = (db: Db) =>
  callerStatement(db, sql.placeholder('id'), sql.placeholder('orgId')).prepare();

/** The caller for the request's token, looked up on its own (one round trip). */
async function lookUpCaller(c: Context<AppEnv>): Promise<void> {
  const { db } = c.var.services;
  const token = callerToken(c);
  let lookup = preparedLookups.get(db);
  if (!lookup) {
    lookup = prepareLookup(db);
    preparedLookups.set(db, lookup);
  }
  if (token?.kind === 'api_key') {
    const keyLookup = await callerLookup(c, token);
    await keyLookup.admit(await db.batch(keyLookup.statements));
    return;
  }
  const [row] = token ? await lookup.all({ id: token.id, orgId: c.req.param('org') ?? '' }) : [];
  await admitCaller(c, token?.secret ?? '', row);
}

/** A bearer token that could be a session's or an API key's (features/api-keys/keys.ts). */
export interface CallerToken {
  kind: 'session' | 'api_key';
  id: string;
  secret: string;
}

/** The bearer token's kind, id and secret, or null when the request carries none that could be. */
export function callerToken(c: Context): CallerToken | null {
  const bearer = bearerToken(c.req.header('authorization')) ?? '';
  const key = apiKeyTokenParts(bearer);
  if (key) return { kind: 'api_key', ...key };
  const session = sessionTokenParts(bearer);
  return session && { kind: 'session', ...session };
}

type Read = BatchItem<'sqlite'>;

/**
 * The statements that look the caller up — a session's `callerStatement`, or an API key's
 * (`keyCallerStatement` with the key's rate counter when counters are in the database) — and how to
 * admit the caller from what they answered. A key is refused (403) where the path names no
 * organization: keys are not people (/api/me, /api/account/*, /api/orgs).
 */
export async function callerLookup(
  c: Context<AppEnv>,
  token: CallerToken,
): Promise<{ statements: [Read, ...Read[]]; admit(answers: unknown[]): Promise<void> }> {
  const { db, now, rateLimiter } = c.var.services;
  const orgId = c.req.param('org');
  if (token.kind === 'session') {
    return {
      statements: [callerStatement(db, token.id, orgId ?? '')],
      admit: (answers) => admitCaller(c, token.secret, (answers[0] as CallerRow[])[0]),
    };
  }
  if (orgId === undefined)
    throw forbidden("API keys cannot be used here: they work only on their organization's routes");
  const t = now();
  const rule = keyRateRule(token.id);
  const counting = rateLimiter.counting(
    {
      ...rule,
      key: sql`${rule.key}`,
      when: keyHolds(token.id, await keySecretHash(token.secret), t),
    },
    t,
  );
  return {
    statements: [keyCallerStatement(db, token.id), ...(counting ? [counting] : [])],
    admit: (answers) =>
      admitKey(c, token.secret, (answers[0] as KeyCallerRow[])[0], counting ? answers[1] : null),
  };
}

/**
 * Admits an API key `keyCallerStatement` found (401 unless it works: features/api-keys/keys.ts
 * `keyWorks`; 429 past its rate limit; 404 on another organization's routes) and sets `c.var.auth`
 * to the key acting for its creator, in the key's role. Its last use is written after a successful
 * answer, at most once a minute.
 */
async function admitKey(
  c: Context<AppEnv>,
  secret: string,
  row: KeyCallerRow | undefined,
  counted: unknown,
): Promise<void> {
  const { db, now, rateLimiter } = c.var.services;
  const t = now();
  if (!row || !(await keyWorks(row, secret, t)))
    throw new AppError('unauthenticated', 'This API key is unknown, revoked or expired');
  const rule = keyRateRule(row.key.id);
  const hit =
    counted !== null ? hitOf(counted, rule, t) : (await rateLimiter.hitAll([rule], t))[0]!;
  const refused = tooMany([hit]);
  if (refused) throw refused;
  if (row.org.id !== c.req.param('org')) throw notFound('Organization');
  const { id, name } = row.key;
  const auth: AuthState = {
    sessionId: '',
    sessionStartedAt: row.key.createdAt,
    user: row.user,
    apiKey: { id, name },
  };
  callers.set(auth, { org: row.org, role: row.key.role, lastActiveAt: null, activatedAt: null });
  c.set('auth', auth);
  if (t - (row.key.lastUsedAt ?? 0) > TOUCH_EVERY_MS) {
    // Like a person's activity, only a request that succeeded is a use (a refused one changes nothing).
    c.var.services.afterResponse(c, async () => {
      if (c.res.ok) await db.update(apiKeys).set({ lastUsedAt: t }).where(eq(apiKeys.id, id));
    });
  }
}

/**
 * Admits the caller `callerStatement` found for the token (throws 401 otherwise) and sets
 * `c.var.auth`; the session's stamps are written after the answer.
 */
export async function admitCaller(
  c: Context<AppEnv>,
  secret: string,
  row: CallerRow | undefined,
): Promise<void> {
  const { db, now } = c.var.services;
  const judged = await judgeSession(db, row, secret, now());
  if (!row || !judged.valid) {
    // What is written after the answer here: forgetting a session that expired.
    if (judged.later) c.var.services.afterResponse(c, judged.later);
    throw new AppError('unauthenticated', 'Sign in to continue');
  }
  // A request refused here changes nothing, not even the session's stamps.
  if (row.user.mustChangePassword && !allowedBeforePasswordChange(c)) {
    throw new AppError('password_change_required', 'Choose a new password before you continue');
  }
  if (judged.later) c.var.services.afterResponse(c, judged.later);
  const auth: AuthState = {
    sessionId: row.session.id,
    sessionStartedAt: row.session.createdAt,
    user: row.user,
    apiKey: null,
  };
  callers.set(auth, row);
  c.set('auth', auth);
}

/** What admitted the caller (the membership in `:org` with it, or the key's), for `admitMember`. */
const callers = new WeakMap<
  AuthState,
  Pick<CallerRow, 'org' | 'role' | 'lastActiveAt' | 'activatedAt'>
>();

/** How stale a membership's last activity may get before a request records it again. */
const TOUCH_EVERY_MS = 60_000;

/**
 * Sets `c.var.org` from the admitted caller's active membership in `:org` (404 when there is
 * none), and records the caller's activity there after a successful answer.
 */
export function admitMember(c: Context<AppEnv>): void {
  const { db, now } = c.var.services;
  const orgId = c.req.param('org') ?? '';
  const userId = c.var.auth.user.id;
  const row = callers.get(c.var.auth);
  if (!row?.org || row.org.id !== orgId || row.role === null) throw notFound('Organization');
  c.set('org', { ...row.org, settings: withDefaults(row.org.settings), role: row.role });
  // An API key is no person's activity (its own last use is written by admitKey).
  if (c.var.auth.apiKey) return;
  // Activity is per organization, so the members list shows this organization's alone
  // (docs/SECURITY.md); a refused request is no activity and changes nothing. Like a session's last
  // use, it is written at most once a minute (joining counts as the first activity). The first use
  // of the organization in a session is its sign-in there, recorded in its audit log — only there:
  // one sign-in opens every organization of the account, and none learns when the person uses
  // another. Written after the answer (afterResponse runs once the handler is done).
  const t = now();
  const { sessionStartedAt } = c.var.auth;
  const firstUse = (row.lastActiveAt ?? 0) < sessionStartedAt;
  if (!firstUse && t - (row.lastActiveAt ?? row.activatedAt ?? 0) <= TOUCH_EVERY_MS) return;
  const mine = and(eq(memberships.orgId, orgId), eq(memberships.userId, userId))!;
  const notYet = sql`NOT EXISTS (SELECT 1 FROM ${memberships} WHERE ${mine} AND ${memberships.lastActiveAt} >= ${sessionStartedAt})`;
  c.var.services.afterResponse(c, async () => {
    if (!c.res.ok) return;
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
  });
}

/** A signed-in caller: one statement (with the membership in `:org` when the path has one). */
export const requireAuth = createMiddleware<AppEnv>(async (c, next) => {
  await lookUpCaller(c);
  await next();
});

/** After `requireAuth`: the caller is an active member of `:org`. */
export const requireOrg = createMiddleware<AppEnv>(async (c, next) => {
  admitMember(c);
  await next();
});

/**
 * Before a route's input is validated on a route that reads with its caller's lookup
 * (http/read-as-member.ts): a request without a bearer token that could be a session's is refused
 * with 401 first, as `requireAuth` would refuse it, whatever else it sends; and input the route
 * refuses is refused only after the caller is admitted (`admitBeforeRefusingInput`), so a caller
 * who is not gets 401 or 404 as on every other route, never what was wrong with the input.
 */
export const requireBearer = createMiddleware<AppEnv>(async (c, next) => {
  if (!callerToken(c)) throw new AppError('unauthenticated', 'Sign in to continue');
  c.set('admitBeforeRefusingInput', true);
  await next();
});

/**
 * For `http/middleware/validate.ts`, before it refuses input on a `requireBearer` route: admits the
 * caller (and their membership in `:org`) on its own, throwing what admitting would throw.
 */
export async function admitBeforeRefusingInput(c: Context<AppEnv>): Promise<void> {
  if (!c.get('admitBeforeRefusingInput')) return;
  await lookUpCaller(c);
  if (c.req.param('org') !== undefined) admitMember(c);
}

/** `requireAuth` and `requireOrg` for one route, on routers that have no router-wide sign-in check. */
export const requireMember = createMiddleware<AppEnv>(async (c, next) => {
  await lookUpCaller(c);
  admitMember(c);
  await next();
});
