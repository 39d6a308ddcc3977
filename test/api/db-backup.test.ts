/**
 * `npm run db:backup`: a consistent copy with VACUUM INTO, taken while the real server runs and has
 * writes still in its write-ahead log.
 */
import { createClient } from '@libsql/client';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runServerToExit, startServerProcess, type ServerProcess } from '../helpers/server-process';

const OWNER_PASSWORD = 'a long owner password';
let dir: string;
let server: ServerProcess | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'invitations-backup-'));
});
afterEach(async () => {
  await server?.stop('SIGKILL');
  server = undefined;
  await rm(dir, { recursive: true, force: true });
});

const backup = (databaseUrl: string, args: string[] = []) =>
  runServerToExit({ DATABASE_URL: databaseUrl }, args, 'scripts/db-backup.ts');

async function organizationsIn(file: string): Promise<string[]> {
  const client = createClient({ url: `file:${file}` });
  try {
    const rows = await client.execute('SELECT name FROM organizations ORDER BY name');
    return rows.rows.map((r) => String(r.name));
  } finally {
    client.close();
  }
}

describe('npm run db:backup', () => {
  it('copies the database while the server runs, its latest write included', async () => {
    const file = join(dir, 'data', 'invitations.db');
    server = await startServerProcess({ DATABASE_URL: `file:${file}`, OWNER_PASSWORD });
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'owner@example.com', password: OWNER_PASSWORD }),
    });
    const { token } = (await login.json()) as { token: string };
    const created = await fetch(`${server.url}/api/orgs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ name: 'Written last' }),
    });
    expect(created.status).toBe(201);

    const target = join(dir, 'elsewhere', 'copy.db');
    const run = await backup(`file:${file}`, [target]);
    expect(run.output).toContain(`Backed up file:${file} to ${target}`);
    expect(run.code).toBe(0);
    expect(await organizationsIn(target)).toEqual(['My organization', 'Written last']);

    // Without a path: backups/invitations-<timestamp>.db beside the database.
    const again = await backup(`file:${file}`);
    expect(again.code).toBe(0);
    const made = await readdir(join(dir, 'data', 'backups'));
    expect(made).toEqual([expect.stringMatching(/^invitations-\d{8}-\d{6}\.db$/)]);
    expect(await organizationsIn(join(dir, 'data', 'backups', made[0]!))).toHaveLength(2);
    // The server is still serving.
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });

  it('refuses an existing file, a missing database and a remote one, writing nothing', async () => {
    const missing = await backup(`file:${join(dir, 'none.db')}`, [join(dir, 'b.db')]);
    expect(missing.code).toBe(1);
    expect(missing.output).toMatch(/There is no database at .*none\.db yet/);
    const remote = await backup('libsql://invitations-x.turso.io', [join(dir, 'b.db')]);
    expect(remote.code).toBe(1);
    expect(remote.output).toMatch(
      /is not a local file: back a Turso database up with Turso's tools/,
    );
    expect(await readdir(dir)).toEqual([]);

    const file = join(dir, 'data', 'invitations.db');
    server = await startServerProcess({ DATABASE_URL: `file:${file}`, OWNER_PASSWORD });
    const first = await backup(`file:${file}`, [join(dir, 'b.db')]);
    expect(first.code).toBe(0);
    const second = await backup(`file:${file}`, [join(dir, 'b.db')]);
    expect(second.code).toBe(1);
    expect(second.output).toMatch(/b\.db exists already; choose another path/);
  });
});
