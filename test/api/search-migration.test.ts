/**
 * Migration 0002_search_prefixes makes the search index again (with prefix indexes for 4-6
 * characters) and refills it: a database that already held people before it ran finds every one of
 * them afterwards, by the same words, and the triggers keep the new index in step.
 */
import { createClient } from '@libsql/client';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { schema } from '../../worker/src/db/client';
import { MIGRATIONS_FOLDER } from '../../worker/src/db/migrate';
import { migrationsUpTo } from '../helpers/migrations';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'invitations-migration-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('migration 0002_search_prefixes', () => {
  it('refills the search index with everyone already there, and the triggers keep it in step', async () => {
    const client = createClient({ url: `file:${join(dir, 'db.sqlite')}` });
    const db = drizzle(client, { schema });
    await migrate(db, { migrationsFolder: await migrationsUpTo(dir, '0001_search_index') });
    await client.executeMultiple(`
      INSERT INTO organizations (id, slug, name, settings, created_at) VALUES ('o1', 'acme', 'Acme', '{}', 1);
      INSERT INTO users (id, email, name, created_at) VALUES ('u1', 'ivan.petrov@example.com', 'Ivan Petrov', 1), ('u2', 'maria@example.com', 'Maria Garcia', 1);
      INSERT INTO memberships (org_id, user_id, role, status, first_name, last_name, source, search_text, created_at, updated_at)
        VALUES ('o1', 'u1', 'owner', 'active', 'Ivan', 'Petrov', 'created', 'ivan petrov', 1, 1);
      INSERT INTO invite_links (id, org_id, created_by, token_nonce, role, requires_approval, created_at) VALUES ('l1', 'o1', 'u1', 'n', 'member', 1, 1);
      INSERT INTO invitations (id, org_id, email, channel, role, profile, status, token_nonce, expires_at, created_by, search_text, created_at, updated_at)
        VALUES ('i1', 'o1', 'olga@example.com', 'email', 'member', '{"firstName":"Olga","lastName":"Novak"}', 'pending', 'n', 9, 'u1', 'olga novak olga@example.com', 1, 1);
      INSERT INTO applications (id, org_id, link_id, inviter_id, name, email, status, search_text, created_at)
        VALUES ('a1', 'o1', 'l1', 'u1', 'Peter Smith', 'peter@example.com', 'pending', 'peter smith peter@example.com', 1);
    `);
    const found = async (term: string) =>
      (
        await db.all<{ kind: string; ref: string }>(
          sql`SELECT d.kind, d.ref FROM search_fts f JOIN search_docs d ON d.id = f.rowid WHERE search_fts MATCH ${`"${term}"*`} ORDER BY d.kind`,
        )
      ).map((r) => `${r.kind}:${r.ref}`);
    const before = {
      ivan: await found('ivan'),
      olga: await found('olga'),
      pete: await found('pete'),
      petrov: await found('petrov'),
    };
    expect(before).toEqual({
      ivan: ['member:u1'],
      olga: ['invitation:i1'],
      pete: ['application:a1'],
      petrov: ['member:u1'],
    });

    await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
    const [table] = await db.all<{ sql: string }>(
      sql`SELECT sql FROM sqlite_master WHERE name = 'search_fts'`,
    );
    expect(table!.sql).toContain("prefix = '1 2 3 4 5 6'");
    expect({
      ivan: await found('ivan'),
      olga: await found('olga'),
      pete: await found('pete'),
      petrov: await found('petrov'),
    }).toEqual(before);
    expect(await found('nov')).toEqual(['invitation:i1']);

    // The triggers (0001's, as 0004 rewrote them) write into the new table. The organization named
    // the member, so the account's own name is not what it finds them by (docs/SECURITY.md).
    await client.execute("UPDATE memberships SET first_name = 'Ivana' WHERE user_id = 'u1'");
    expect(await found('ivana')).toEqual(['member:u1']);
    await client.execute("UPDATE users SET name = 'Vanya Elsewhere' WHERE id = 'u1'");
    expect(await found('vanya')).toEqual([]);
    await client.execute("DELETE FROM applications WHERE id = 'a1'");
    expect(await found('peter')).toEqual([]);
    client.close();
  });
});
