/**
 * API keys as credentials: the token `inv_key_<id>.<secret>` (256 random bits of secret, base64url),
 * stored as SHA-256(secret) and compared in constant time, like sessions
 * (features/accounts/sessions.ts). A key is its caller's lookup in one statement (`keyCallerStatement`),
 * which http/middleware/auth.ts sends as it sends a session's.
 */
import { and, eq, inArray, type Placeholder, sql, type SQL } from 'drizzle-orm';
import { API_KEY_PREFIX } from '../../../../shared/api/api-keys';
import type { Db } from '../../db/client';
import { apiKeys, memberships, organizations, users } from '../../db/schema';
import { fromBase64Url, sha256, timingSafeEqual, toBase64Url } from '../../lib/encoding';

/** A key's parts, or null when the bearer token is not shaped like a key. */
export function apiKeyTokenParts(token: string): { id: string; secret: string } | null {
  if (!token.startsWith(API_KEY_PREFIX) || token.length > 200) return null;
  const rest = token.slice(API_KEY_PREFIX.length);
  const dot = rest.indexOf('.');
  if (dot < 1) return null;
  const id = rest.slice(0, dot);
  if (!/^[A-Za-z0-9_-]+$/.test(id)) return null;
  return { id, secret: rest.slice(dot + 1) };
}

/** Roles that may manage keys; a key works only while its creator still holds one of them. */
export const KEY_CREATOR_ROLES = ['owner', 'admin'] as const;

/**
 * The key, its creator and the creator's active membership (as owner or admin) in the key's
 * organization, with that organization: one statement.
 */
export const keyCallerStatement = (db: Db, keyId: string | Placeholder) =>
  db
    .select({
      key: apiKeys,
      user: users,
      org: organizations,
      creatorRole: memberships.role,
    })
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.createdBy))
    .innerJoin(organizations, eq(organizations.id, apiKeys.orgId))
    .leftJoin(
      memberships,
      and(
        eq(memberships.userId, apiKeys.createdBy),
        eq(memberships.orgId, apiKeys.orgId),
        eq(memberships.status, 'active'),
        inArray(memberships.role, [...KEY_CREATOR_ROLES]),
      ),
    )
    .where(eq(apiKeys.id, keyId))
    .limit(1);

export type KeyCallerRow = Awaited<ReturnType<typeof keyCallerStatement>>[number];

/** SHA-256 of a key's secret, as stored. */
export const keySecretHash = async (secret: string) => toBase64Url(await sha256(secret));

/**
 * Whether the key row is the token's and works now: the secret matches (constant time), it is
 * neither revoked nor expired, and its creator is still an active owner or admin there.
 */
export async function keyWorks(
  row: KeyCallerRow | undefined,
  secret: string,
  now: number,
): Promise<boolean> {
  const given = fromBase64Url(secret);
  if (!row || !given) return false;
  const expected = fromBase64Url(row.key.secretHash);
  if (!expected || !timingSafeEqual(await sha256(secret), expected)) return false;
  if (row.key.revokedAt !== null) return false;
  if (row.key.expiresAt !== null && row.key.expiresAt <= now) return false;
  return row.creatorRole !== null;
}

/**
 * SQL that is true only for the token's own working key (its secret's hash, not revoked, not
 * expired): what a statement that writes while the key is looked up (its rate counter) holds itself
 * to, so that a refused request counts nothing. The admission itself is `keyWorks`'s.
 */
export const keyHolds = (keyId: string, hash: string, now: number): SQL =>
  sql`EXISTS (SELECT 1 FROM ${apiKeys} WHERE ${apiKeys.id} = ${keyId} AND ${apiKeys.secretHash} = ${hash}
    AND ${apiKeys.revokedAt} IS NULL AND (${apiKeys.expiresAt} IS NULL OR ${apiKeys.expiresAt} > ${now}))`;

/** The user a key acts for (its creator), as SQL, for reads sent with the key's lookup. */
export const keyCreatorSql = (keyId: string): SQL =>
  sql`(SELECT ${apiKeys.createdBy} FROM ${apiKeys} WHERE ${apiKeys.id} = ${keyId})`;

/** Requests a key may make a minute (lib/rate-limit.ts; 429 with Retry-After past it). */
export const KEY_REQUESTS_PER_MINUTE = 600;
export const keyRateRule = (keyId: string) => ({
  key: `apikey:${keyId}`,
  limit: KEY_REQUESTS_PER_MINUTE,
  windowMs: 60_000,
});
