/**
 * Migration 0004_trust on a database that already holds people: what was proven stays proven, an
 * account that came through a copied invitation link (which proved nothing) does not, each
 * membership keeps the phone its organization saw as its own copy, open single-use links learn
 * where they went, and the member search reads the organization's own phone from then on.
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

describe('migration 0004_trust', () => {
  it('keeps what was proven, leaves copied-link accounts unproven, and gives each organization its own phone', async () => {
    const client = createClient({ url: `file:${join(dir, 'db.sqlite')}` });
    const db = drizzle(client, { schema });
    await migrate(db, {
      migrationsFolder: await migrationsUpTo(dir, '0003_phone_only_member_unique'),
    });
    await client.executeMultiple(`
      INSERT INTO organizations (id, slug, name, settings, created_at) VALUES ('acme', 'acme', 'Acme', '{}', 1), ('beta', 'beta', 'Beta', '{}', 1);
      INSERT INTO users (id, email, phone, name, password_hash, created_at, registered_at, last_active_at) VALUES
        ('owner', 'owner@acme.test', NULL, 'Owner', 'scrypt$x', 1, 1, 50),
        ('squat', 'victim@corp.example', NULL, 'Squatter', 'scrypt$x', 2, 2, 60),
        ('pending', 'pending@corp.example', '+79051111111', 'Pending', NULL, 3, NULL, NULL),
        ('phone', NULL, '+79052222222', 'Phone Only', 'scrypt$x', 4, 4, 70);
      INSERT INTO memberships (org_id, user_id, role, status, source, search_text, created_at, updated_at) VALUES
        ('acme', 'owner', 'owner', 'active', 'created', 'owner', 1, 1),
        ('beta', 'squat', 'owner', 'active', 'created', 'squatter', 2, 2),
        ('acme', 'pending', 'member', 'pending', 'added', 'pending', 3, 3),
        ('beta', 'pending', 'member', 'pending', 'added', 'pending', 3, 3),
        ('acme', 'phone', 'member', 'active', 'invitation', 'phone only', 4, 4);
      INSERT INTO invitations (id, org_id, email, channel, role, status, token_nonce, expires_at, created_by, accepted_by, created_at, updated_at)
        VALUES ('i1', 'beta', 'victim@corp.example', 'link', 'member', 'accepted', 'n', 9, 'squat', 'squat', 2, 2);
      INSERT INTO action_tokens (id, purpose, user_id, org_id, token_nonce, expires_at, created_at) VALUES ('t1', 'set_password', 'pending', 'acme', 'n', 99, 3);
      INSERT INTO outbox (id, org_id, kind, channel, recipient, ref_id, status, next_attempt_at, created_at)
        VALUES ('m1', 'acme', 'member_invite_sms', 'sms', '+79051111111', 't1', 'sent', 3, 3);
    `);
    await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
    const rows = async (q: string) => (await client.execute(q)).rows.map((r) => ({ ...r }));
    expect(
      await rows('SELECT id, email_verified_at, phone_verified_at FROM users ORDER BY created_at'),
    ).toEqual([
      { id: 'owner', email_verified_at: 1, phone_verified_at: null },
      { id: 'squat', email_verified_at: null, phone_verified_at: null },
      { id: 'pending', email_verified_at: null, phone_verified_at: null },
      { id: 'phone', email_verified_at: null, phone_verified_at: 4 },
    ]);
    expect(
      await rows(
        "SELECT org_id, user_id, phone, last_active_at FROM memberships WHERE user_id IN ('pending', 'phone', 'owner') ORDER BY org_id, user_id",
      ),
    ).toEqual([
      { org_id: 'acme', user_id: 'owner', phone: null, last_active_at: 50 },
      { org_id: 'acme', user_id: 'pending', phone: '+79051111111', last_active_at: null },
      { org_id: 'acme', user_id: 'phone', phone: '+79052222222', last_active_at: 70 },
      { org_id: 'beta', user_id: 'pending', phone: '+79051111111', last_active_at: null },
    ]);
    expect(await rows("SELECT sent_to FROM action_tokens WHERE id = 't1'")).toEqual([
      { sent_to: '+79051111111' },
    ]);
    // The member search reads the organization's phone: changing Beta's copy is found in Beta only.
    await db.run(
      sql`UPDATE memberships SET phone = '+79990000001' WHERE org_id = 'beta' AND user_id = 'pending'`,
    );
    const found = async (org: string, term: string) =>
      (
        await client.execute({
          sql: `SELECT d.ref FROM search_fts f JOIN search_docs d ON d.id = f.rowid WHERE search_fts MATCH ? AND d.org_id = ?`,
          args: [`"${term}"*`, org],
        })
      ).rows.map((r) => r.ref);
    expect(await found('beta', '79990000001')).toEqual(['pending']);
    expect(await found('acme', '79990000001')).toEqual([]);
    client.close();
  });
});
