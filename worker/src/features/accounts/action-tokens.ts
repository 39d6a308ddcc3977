/**
 * Single-use, expiring links sent in messages ("set your password", "confirm joining"). The row
 * keeps only a nonce; the URL's token is derived from TOKEN_SECRET when the message is rendered,
 * and using it is one guarded write (`used_at IS NULL AND expires_at > now`), so a link works once,
 * however often it is clicked or however many tabs post it at the same time.
 */
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { actionTokens } from '../../db/schema';
import { newId, newNonce } from '../../lib/ids';
import { parseToken, type TokenKit } from '../../lib/tokens';

export type ActionPurpose = (typeof actionTokens.$inferSelect)['purpose'];
export type ActionToken = typeof actionTokens.$inferSelect;

/** Where each purpose's link points. */
export const ACTION_PATHS: Record<ActionPurpose, string> = {
  set_password: '/set-password',
  confirm_join: '/confirm',
  reset_password: '/reset-password',
};

/** Default lifetime of a set-password or confirm link. */
export const ACTION_TTL_MS = 72 * 3600_000;

/** A new single-use link for a message to `sentTo` (the address it proves when used). */
export function newActionToken(
  db: Db,
  input: {
    purpose: ActionPurpose;
    userId: string;
    orgId: string | null;
    sentTo: string;
    createdBy: string | null;
    ttlMs?: number;
  },
  now: number,
) {
  const row: ActionToken = {
    id: newId(),
    purpose: input.purpose,
    userId: input.userId,
    orgId: input.orgId,
    sentTo: input.sentTo,
    createdBy: input.createdBy,
    viaLinkId: null,
    tokenNonce: newNonce(),
    expiresAt: now + (input.ttlMs ?? ACTION_TTL_MS),
    usedAt: null,
    createdAt: now,
  };
  return { row, insert: db.insert(actionTokens).values(row) };
}

/** The link a message carries for this token row. */
export async function actionUrl(
  tokens: TokenKit,
  publicUrl: string,
  row: Pick<ActionToken, 'id' | 'purpose' | 'tokenNonce'>,
): Promise<string> {
  return `${publicUrl}${ACTION_PATHS[row.purpose]}/${await tokens.derive(row.purpose, row.id, row.tokenNonce)}`;
}

export type ActionLookup =
  | { ok: true; row: ActionToken }
  | { ok: false; code: 'not_found' | 'token_used' | 'link_expired' };

/** Finds the row behind a token from a URL, without changing anything (for GET pages). */
export async function findActionToken(
  db: Db,
  tokens: TokenKit,
  purpose: ActionPurpose,
  token: string,
  now: number,
): Promise<ActionLookup> {
  const parsed = parseToken(token);
  if (!parsed) return { ok: false, code: 'not_found' };
  const [row] = await db.select().from(actionTokens).where(eq(actionTokens.id, parsed.id)).limit(1);
  return judgeActionToken(tokens, purpose, parsed, row, now);
}

/** Whether the row read for a token's id is the token's, for this purpose, and usable now. */
export async function judgeActionToken(
  tokens: TokenKit,
  purpose: ActionPurpose,
  parsed: NonNullable<ReturnType<typeof parseToken>>,
  row: ActionToken | null | undefined,
  now: number,
): Promise<ActionLookup> {
  if (!row || row.purpose !== purpose || !(await tokens.matches(purpose, parsed, row.tokenNonce)))
    return { ok: false, code: 'not_found' };
  if (row.usedAt !== null) return { ok: false, code: 'token_used' };
  if (row.expiresAt <= now) return { ok: false, code: 'link_expired' };
  return { ok: true, row };
}

/**
 * The guarded write that uses a token; put it first in the batch and check `rowsAffected`/returned
 * rows.
 */
export function useActionToken(db: Db, id: string, now: number) {
  return db
    .update(actionTokens)
    .set({ usedAt: now })
    .where(
      and(eq(actionTokens.id, id), isNull(actionTokens.usedAt), gt(actionTokens.expiresAt, now)),
    )
    .returning({ id: actionTokens.id });
}
