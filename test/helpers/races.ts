/**
 * The setting of the race tests (test/robustness/races-*.test.ts): each file's races run twice, on
 * a local file and on a database whose every call starts 0–3 ms late (a database across a network),
 * where requests interleave between their queries as they do in production. `h` and `org` are the
 * harness and organization of the run under way.
 */
import { count, eq, type SQL } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { afterAll, beforeAll, describe } from 'vitest';
import { invitations } from '../../worker/src/db/schema';
import { startHarness, type Harness, type Reply } from './harness';
import { startLatentHarness } from './robustness-harness';
import { orgWithRoles } from './seed';

export let h: Harness;
export let org: Awaited<ReturnType<typeof orgWithRoles>>;

/** Runs the races `body` declares on both databases, each with a fresh app and organization. */
export function onBothDatabases(body: () => void): void {
  describe.each([
    ['on a local file', startHarness],
    ['on a database a few milliseconds away', startLatentHarness],
  ] as const)('%s', (_where, start) => {
    beforeAll(async () => {
      h = await start({ autoDeliver: false });
      org = await orgWithRoles(h);
    });
    afterAll(() => h.close());
    body();
  });
}

export const statuses = (replies: Reply[]) => replies.map((r) => r.status).sort((a, b) => a - b);
export const countOf = async (table: SQLiteTable, where: SQL | undefined): Promise<number> =>
  (await h.db.select({ n: count() }).from(table).where(where))[0]!.n;

/**
 * The current token of an invitation, derived as the product derives it (the test knows the
 * secret).
 */
export async function currentInviteToken(id: string): Promise<string> {
  const [row] = await h.db
    .select({ nonce: invitations.tokenNonce })
    .from(invitations)
    .where(eq(invitations.id, id));
  return h.services.tokens.derive('invitation', id, row!.nonce);
}

export async function invite(body: Record<string, unknown>): Promise<{ id: string; url?: string }> {
  const res = await h.call('POST', `/api/orgs/${org.orgId}/invitations`, {
    token: org.owner.token,
    body: { role: 'member', ...body },
  });
  if (res.status !== 201) throw new Error(`${res.status} ${res.text}`);
  return { id: res.body.invitation.id, url: res.body.url };
}
