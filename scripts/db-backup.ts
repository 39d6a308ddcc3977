/**
 * `npm run db:backup [-- path]`: a consistent copy of the local database (DATABASE_URL, a `file:`
 * database) written with `VACUUM INTO`, which reads one snapshot of the database, write-ahead log
 * included: safe while the server runs. Default path: data/backups/invitations-<timestamp>.db beside
 * the database file. A remote database (Turso) is backed up with Turso's own tools.
 */
import { createClient } from '@libsql/client';
import { mkdir, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parseEnv } from '../worker/src/config';
import { databaseFilePath } from '../worker/src/entry/node-runtime';

const HELP = `Usage: npm run db:backup [-- <path of the backup file>]
Copies the database of DATABASE_URL (a file: database; default file:./data/invitations.db) with
VACUUM INTO, safe while the server runs. Default path: backups/invitations-<timestamp>.db in the
database's folder.`;

/** 2026-12-07T08:30:00.000Z → 20261207-083000 */
const stamp = (ms: number) =>
  new Date(ms)
    .toISOString()
    .replace(/\.\d+Z$/, '')
    .replace(/[-:]/g, '')
    .replace('T', '-');

async function main(args: string[]) {
  if (args.includes('--help')) {
    console.log(HELP);
    return;
  }
  const env = parseEnv(process.env);
  const path = databaseFilePath(env.DATABASE_URL);
  if (!path)
    throw new Error(
      `${env.DATABASE_URL} is not a local file: back a Turso database up with Turso's tools (turso db shell … .dump, or its point-in-time restore)`,
    );
  if (!(await stat(path).catch(() => null)))
    throw new Error(`There is no database at ${resolve(path)} yet: nothing to back up`);
  const target = resolve(
    args[0] ?? join(dirname(path), 'backups', `invitations-${stamp(Date.now())}.db`),
  );
  if (await stat(target).catch(() => null))
    throw new Error(`${target} exists already; choose another path`);
  await mkdir(dirname(target), { recursive: true });
  const client = createClient({ url: env.DATABASE_URL });
  try {
    // A second connection beside the running server's: it reads one snapshot, the server goes on.
    await client.execute({ sql: 'VACUUM INTO ?', args: [target] });
  } finally {
    client.close();
  }
  const { size } = await stat(target);
  console.log(`Backed up ${env.DATABASE_URL} to ${target} (${(size / 1024).toFixed(0)} KiB).`);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
