/**
 * Reads that reach the database once (docs/ARCHITECTURE.md, "Round trips"). The caller's lookup —
 * session, user, membership in `:org` (middleware/auth.ts `callerStatement`) — travels in one
 * batch with the route's own statement, instead of a round trip before it:
 *
 *   .get('/', query(schema), async (c) => {
 *     const rows = await readAsMember(c, (caller) => listStatement(c.req.valid('query'), caller));
 *     …c.var.auth and c.var.org are set, as after requireMember
 *   })
 *
 * The statement cannot wait for the caller's id and role, so it names the caller in SQL (the
 * session's user, `caller.userId`) and is built for the role the session last held there, or for
 * each role when none is known (identical statements are sent once; `lastRoles` below). Nothing of what they read is answered unless the token's secret matches
 * its session (compared in constant time) and the membership is active: the request is admitted
 * exactly as `requireMember` admits it, and gets the same 401 or 404 otherwise. Only reads go this
 * way; a write waits for the caller (`requireMember`), since a batch's statements cannot be undone
 * by what an earlier one found. An API key's lookup (and its rate counter) travels the same way
 * (middleware/auth.ts `callerLookup`); it reads as its creator (`userId`), in the key's role.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { BatchItem, BatchResponse } from 'drizzle-orm/batch';
import { ROLES, type Role } from '../../../shared/api/common';
import type { CallerRef } from '../db/caller';
import { sessions, users } from '../db/schema';
import type { AppContext } from '../env';
import { AppError, forbidden } from '../errors';
import { sha256, toBase64Url } from '../lib/encoding';
import { keyCreatorSql } from '../features/api-keys/keys';
import {
  admitCaller,
  admitMember,
  allowedBeforePasswordChange,
  callerLookup,
  callerStatement,
  callerToken,
} from './middleware/auth';

/** The caller as a statement names them before they are known. */
export interface CallerSql extends CallerRef {
  /** The organization of the path (`:org`); the caller's membership there is checked with the read. */
  orgId: string;
  /** The user id of the token's session (an API key's creator), evaluated by the database. */
  userId: SQL;
  /** The role this copy of the statement is for. */
  role: Role;
}

type Read = BatchItem<'sqlite'>;

/** Identical statements (owner and admin often read alike) are sent once. */
function sqlKey(item: Read): string | null {
  type Built = { sql: string; params: unknown[] };
  const { toSQL, getQuery } = item as { toSQL?: () => Built; getQuery?: () => Built };
  const built = toSQL ?? getQuery;
  return built ? JSON.stringify(built.call(item)) : null;
}

/**
 * Admits a member of `:org` and reads with `read` in the same round trip; answers what `read`'s
 * statement answers for the caller's role. Sets `c.var.auth` and `c.var.org`.
 */
export async function readAsMember<Q extends Read>(
  c: AppContext,
  read: (caller: CallerSql) => Q,
): Promise<Awaited<Q>>;
/** …or, where `read` answers null (a read that needs steps, like a `q` filter), only admits. */
export async function readAsMember<Q extends Read>(
  c: AppContext,
  read: (caller: CallerSql) => Q | null,
): Promise<Awaited<Q> | null>;
export async function readAsMember<Q extends Read>(
  c: AppContext,
  read: (caller: CallerSql) => Q | null,
): Promise<Awaited<Q> | null> {
  const answers = await readAllAsMember(c, (caller) => {
    const statement = read(caller);
    return statement === null ? null : [statement];
  });
  return answers === null ? null : answers[0];
}

/**
 * `readAsMember` for a route that reads with several statements: all of them in the one batch;
 * answers what each read for the caller's role (null where `read` answered null for that role).
 */
export async function readAllAsMember<T extends [Read, ...Read[]]>(
  c: AppContext,
  read: (caller: CallerSql) => T | null,
): Promise<BatchResponse<T> | null> {
  const token = callerToken(c);
  if (!token) throw new AppError('unauthenticated', 'Sign in to continue');
  const { db } = c.var.services;
  // An API key reads as its creator, in the key's role (features/api-keys/keys.ts).
  const userId =
    token.kind === 'api_key'
      ? keyCreatorSql(token.id)
      : sql`(SELECT ${sessions.userId} FROM ${sessions} WHERE ${sessions.id} = ${token.id})`;
  const orgId = c.req.param('org') ?? '';
  const lookup = await callerLookup(c, token);
  const guessKey = `${token.kind}:${token.id}:${orgId}`;
  const guess = lastRoles.get(guessKey);
  const statements: Read[] = [];
  /** Per role built, where its statements stand among `statements` (null: it reads nothing). */
  const byRole = new Map<Role, number[] | null>();
  const seen = new Map<string, number>();
  for (const role of guess ? [guess] : ROLES) {
    const group = read({ orgId, userId, role });
    byRole.set(
      role,
      group?.map((statement) => {
        const key = guess ? null : sqlKey(statement);
        const known = key === null ? undefined : seen.get(key);
        if (known !== undefined) return known;
        statements.push(statement);
        if (key !== null) seen.set(key, statements.length - 1);
        return statements.length - 1;
      }) ?? null,
    );
  }
  const all = await db.batch([...lookup.statements, ...statements] as [Read, ...Read[]]);
  await lookup.admit(all.slice(0, lookup.statements.length));
  const answers = all.slice(lookup.statements.length);
  admitMember(c);
  const { role } = c.var.org;
  remember(guessKey, role);
  const mine = byRole.get(role);
  if (mine !== undefined)
    return mine === null ? null : (mine.map((i) => answers[i]) as BatchResponse<T>);
  // The caller's role changed since the guess: their own copy, now that they are known.
  const group = read({ orgId, userId: sql`${c.var.auth.user.id}`, role });
  return group === null ? null : ((await db.batch(group)) as BatchResponse<T>);
}

/**
 * The role each session last held in each organization (at most `GUESSES` of them, oldest
 * forgotten first): a guess of which copy of a read to send with the caller's lookup. Only that
 * copy is built and sent (with no guess, one for each role); the caller is admitted from the
 * database every time, and when their role is another one now, their copy follows in a second
 * round trip. A stale guess costs time, never access.
 */
const lastRoles = new Map<string, Role>();
const GUESSES = 10_000;

function remember(key: string, role: Role): void {
  if (lastRoles.get(key) === role) return;
  lastRoles.delete(key);
  lastRoles.set(key, role);
  if (lastRoles.size > GUESSES) lastRoles.delete(lastRoles.keys().next().value!);
}

/** Admits a signed-in caller and reads with `read` (naming the caller's user id) in one round trip. */
export async function readAsCaller<Q extends Read>(
  c: AppContext,
  read: (userId: SQL) => Q,
): Promise<Awaited<Q>> {
  const [answer] = await readAllAsCaller(c, (userId) => [read(userId)]);
  return answer as Awaited<Q>;
}

/**
 * `readAsCaller` with any number of statements (none: the caller's lookup alone), answered in
 * order. A statement that writes (counting the caller's tries: lib/rate-limit.ts `counting`) must
 * hold itself to `signedIn`, SQL that is true only for the token's own unexpired session of an
 * account that need not change its password first (unless the route is one such an account may
 * use), so that a request that is refused changes nothing; the admission itself is still `admitCaller`'s, in
 * constant time.
 */
export async function readAllAsCaller(
  c: AppContext,
  read: (userId: SQL, signedIn: SQL) => Read[],
): Promise<unknown[]> {
  const token = callerToken(c);
  if (!token) throw new AppError('unauthenticated', 'Sign in to continue');
  if (token.kind === 'api_key')
    throw forbidden("API keys cannot be used here: they work only on their organization's routes");
  const { db, now } = c.var.services;
  const userId = sql`(SELECT ${sessions.userId} FROM ${sessions} WHERE ${sessions.id} = ${token.id})`;
  const hash = toBase64Url(await sha256(token.secret));
  // Admitted as admitCaller admits: an account that must change its password first only where
  // that is allowed.
  const passwordDue = allowedBeforePasswordChange(c)
    ? sql``
    : sql`AND ${users.mustChangePassword} = 0`;
  const signedIn = sql`EXISTS (SELECT 1 FROM ${sessions} JOIN ${users} ON ${users.id} = ${sessions.userId}
    WHERE ${sessions.id} = ${token.id} AND ${sessions.secretHash} = ${hash} AND ${sessions.expiresAt} > ${now()}
    ${passwordDue})`;
  const [callers, ...answers] = await db.batch([
    callerStatement(db, token.id, ''),
    ...read(userId, signedIn),
  ] as [ReturnType<typeof callerStatement>, ...Read[]]);
  await admitCaller(c, token.secret, callers[0]);
  return answers;
}
