/**
 * What only the Node entry (and tests that run like it) uses: native scrypt, libSQL files (the
 * file-backed mailbox is node-mailbox.ts).
 */
import { createClient, type Client } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { scrypt as nodeScryptCb } from 'node:crypto';
import { dirname } from 'node:path';
import { schema, type Db } from '../db/client';
import { applyMigrations } from '../db/migrate';
import type { ScryptFn } from '../lib/password';
import { randomBytes, toBase64Url } from '../lib/encoding';

/**
 * node:crypto's scrypt: the same bytes as the Worker's JS scrypt, computed natively off the main
 * thread.
 */
export const nodeScrypt: ScryptFn = (password, salt, { logN, r, p, dkLen }) =>
  new Promise((resolve, reject) =>
    nodeScryptCb(
      password,
      salt,
      dkLen,
      { N: 2 ** logN, r, p, maxmem: 256 * 1024 * 1024 },
      (err, key) =>
        err ? reject(err) : resolve(new Uint8Array(key.buffer, key.byteOffset, key.byteLength)),
    ),
  );

/** The local path of a `file:` database URL, or null for remote ones. */
export function databaseFilePath(url: string): string | null {
  return url.startsWith('file:') ? url.slice('file:'.length) : null;
}

/**
 * Opens (creating its folder) and migrates a libSQL database. `wrapClient` lets a test put
 * something between drizzle and the client (the robustness suite delays every call, as a database
 * across a network would).
 */
export async function openDatabase(
  url: string,
  authToken?: string,
  wrapClient: (client: Client) => Client = (c) => c,
): Promise<{ db: Db; close: () => void; checkpoint: () => Promise<void> }> {
  const path = databaseFilePath(url);
  if (path) await mkdir(dirname(path), { recursive: true });
  const client = createClient(authToken ? { url, authToken } : { url });
  if (path) await client.execute('PRAGMA journal_mode = WAL');
  const db = drizzle(wrapClient(client), { schema });
  await applyMigrations(db);
  return {
    db,
    close: () => client.close(),
    // Moves everything in the write-ahead log into the database file and empties the log, so the
    // .db file alone is the whole database (a clean stop, node.ts).
    checkpoint: async () => {
      if (path) await client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
    },
  };
}

/**
 * TOKEN_SECRET for local mode: generated once and kept beside the database, readable by its owner
 * only.
 */
export async function localTokenSecret(file: string): Promise<string> {
  try {
    const existing = (await readFile(file, 'utf8')).trim();
    if (existing.length >= 32) return existing;
  } catch {
    // not created yet
  }
  const secret = toBase64Url(randomBytes(32));
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

export { fileMailboxStore } from './node-mailbox';
