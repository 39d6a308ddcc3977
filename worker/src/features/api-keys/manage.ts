/**
 * Creating, listing and revoking an organization's API keys (owners and admins; never with a key).
 * The secret exists only in the answer to creating the key: the row holds its SHA-256 and its last
 * four characters. Revoking marks the row, so the key is refused from the next request on and the
 * audit log still names it.
 */
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import {
  API_KEY_PREFIX,
  type ApiKeyDto,
  type CreateApiKeyInput,
  type CreatedApiKeyDto,
} from '../../../../shared/api/api-keys';
import type { Page } from '../../../../shared/api/common';
import type { Db } from '../../db/client';
import { existsWhere, insertWhere } from '../../db/guarded';
import { memberNameSql } from '../../db/member-names';
import { iso, isoOrNull, newestFirst, toPage } from '../../db/pagination';
import { apiKeys, auditEvents, memberships } from '../../db/schema';
import type { Services } from '../../env';
import { forbidden, notFound } from '../../errors';
import { randomBytes, toBase64Url } from '../../lib/encoding';
import { newId } from '../../lib/ids';
import { can, ensure, type Actor } from '../organizations/permissions';
import { KEY_CREATOR_ROLES, keySecretHash } from './keys';

const DAY_MS = 24 * 3600_000;

/** Keys cannot manage keys (nor do anything else that needs a person). */
export function ensurePerson(actor: Actor, what = 'manage API keys'): void {
  if (actor.apiKeyId) throw forbidden(`API keys cannot ${what}`);
}

/** The caller, by the name the organization knows them. */
export interface Creator {
  id: string;
  name: string;
}

/**
 * Creates a key for `actor` (an owner or admin signed in as a person) in a role no higher than
 * theirs and never `owner`; one guarded batch: the key and its audit event commit only while the
 * creator is still an active owner or admin.
 */
export async function createApiKey(
  s: Services,
  input: { orgId: string; actor: Actor; creator: Creator; request: CreateApiKeyInput },
): Promise<CreatedApiKeyDto> {
  const { actor, request, orgId } = input;
  ensurePerson(actor);
  ensure(can.createApiKey(actor, request.role), 'Only owners and admins may create API keys');
  const id = newId();
  const secret = toBase64Url(randomBytes(32));
  const t = s.now();
  const expiresAt = request.expiresInDays ? t + request.expiresInDays * DAY_MS : null;
  const stillManages = existsWhere(
    memberships,
    and(
      eq(memberships.orgId, orgId),
      eq(memberships.userId, actor.userId),
      eq(memberships.status, 'active'),
      inArray(memberships.role, [...KEY_CREATOR_ROLES]),
    )!,
  );
  const [inserted] = await s.db.batch([
    insertWhere(
      s.db,
      apiKeys,
      {
        id,
        orgId,
        name: request.name,
        role: request.role,
        secretHash: await keySecretHash(secret),
        lastFour: secret.slice(-4),
        createdBy: actor.userId,
        createdAt: t,
        expiresAt,
      },
      stillManages,
    ),
    insertWhere(
      s.db,
      auditEvents,
      {
        id: newId(),
        orgId,
        actorId: actor.userId,
        action: 'api_key.create',
        targetType: 'api_key',
        targetId: id,
        detail: { name: request.name, role: request.role, expiresAt: isoOrNull(expiresAt) },
        createdAt: t,
      },
      existsWhere(apiKeys, eq(apiKeys.id, id)),
    ),
  ]);
  if (inserted.rowsAffected === 0) throw forbidden('Only owners and admins may create API keys');
  return {
    id,
    key: `${API_KEY_PREFIX}${id}.${secret}`,
    name: request.name,
    role: request.role,
    createdAt: iso(t),
    expiresAt: isoOrNull(expiresAt),
    createdBy: input.creator,
  };
}

/** A page of the organization's keys, newest first, revoked ones too: one statement. */
export const apiKeysStatement = (
  db: Db,
  input: { orgId: string; limit: number; cursor?: string },
) => {
  const page = newestFirst(apiKeys.createdAt, apiKeys.id, input.cursor);
  return db
    .select({
      key: apiKeys,
      creatorName: memberNameSql(apiKeys.orgId, apiKeys.createdBy),
    })
    .from(apiKeys)
    .where(and(eq(apiKeys.orgId, input.orgId), page.after))
    .orderBy(...page.orderBy)
    .limit(input.limit + 1);
};

export const apiKeysPage = (
  rows: Awaited<ReturnType<typeof apiKeysStatement>>,
  limit: number,
): Page<ApiKeyDto> =>
  toPage(
    rows,
    limit,
    (r) => ({ t: r.key.createdAt, id: r.key.id }),
    ({ key: k, creatorName }): ApiKeyDto => ({
      id: k.id,
      name: k.name,
      role: k.role,
      hint: `${API_KEY_PREFIX}${k.id}.…${k.lastFour}`,
      createdAt: iso(k.createdAt),
      expiresAt: isoOrNull(k.expiresAt),
      lastUsedAt: isoOrNull(k.lastUsedAt),
      revokedAt: isoOrNull(k.revokedAt),
      createdBy: { id: k.createdBy, name: creatorName ?? '' },
    }),
  );

/**
 * Revokes a key of the organization (404 for none); revoking a revoked key changes nothing. One
 * batch: the mark and its audit event.
 */
export async function revokeApiKey(
  s: Services,
  input: { orgId: string; actor: Actor; id: string },
): Promise<void> {
  const { actor, orgId, id } = input;
  ensurePerson(actor);
  ensure(can.manageApiKeys(actor), 'Only owners and admins may revoke API keys');
  const t = s.now();
  const mine = and(eq(apiKeys.id, id), eq(apiKeys.orgId, orgId))!;
  const [found] = await s.db.batch([
    s.db.select({ id: apiKeys.id }).from(apiKeys).where(mine),
    s.db
      .update(apiKeys)
      .set({ revokedAt: t })
      .where(and(mine, isNull(apiKeys.revokedAt))),
    insertWhere(
      s.db,
      auditEvents,
      {
        id: newId(),
        orgId,
        actorId: actor.userId,
        action: 'api_key.revoke',
        targetType: 'api_key',
        targetId: id,
        createdAt: t,
      },
      sql`changes() > 0`,
    ),
  ]);
  if (found.length === 0) throw notFound('API key');
}
