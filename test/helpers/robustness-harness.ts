/**
 * The test harness with a slow database: the same real app on the same real, migrated libSQL file, but every call
 * to the database first waits a random moment, as a database across a network (Turso from a Worker) does. Requests
 * that run at once then interleave between their queries as they would in production, so a read-then-write that a
 * fast local file happens to serialize shows its race.
 */
import { createClient, type Client } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../worker/src/app';
import { schema } from '../../worker/src/db/client';
import { applyMigrations } from '../../worker/src/db/migrate';
import { nodeScrypt } from '../../worker/src/entry/node-runtime';
import { createServices } from '../../worker/src/services';
import { testClock } from './clock';
import { PUBLIC_URL, TEST_SECRET, type Harness, type HarnessOptions } from './harness';

const DELAYED = new Set(['execute', 'batch', 'transaction', 'executeMultiple']);

/** A libSQL client whose calls each start after 0…`maxMs` milliseconds. */
function latent(client: Client, maxMs: number): Client {
  return new Proxy(client, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      if (!DELAYED.has(String(prop))) return value.bind(target);
      return async (...args: unknown[]) => {
        await new Promise((r) => setTimeout(r, Math.random() * maxMs));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

export async function startLatentHarness(opts: HarnessOptions & { latencyMs?: number } = {}): Promise<Harness> {
  const { latencyMs = 3, ...rest } = opts;
  const dir = await mkdtemp(join(tmpdir(), 'invitations-latent-'));
  const dbFile = join(dir, 'test.db');
  const client = createClient({ url: `file:${dbFile}` });
  await client.execute('PRAGMA journal_mode = WAL');
  const db = drizzle(latent(client, latencyMs), { schema });
  await applyMigrations(db);
  const clock = testClock();
  const logs: string[] = [];
  const services = createServices({
    db,
    config: { publicUrl: PUBLIC_URL, extensionOrigins: rest.extensionOrigins ?? [] },
    tokenSecret: TEST_SECRET,
    scrypt: nodeScrypt,
    now: clock.now,
    log: (line) => logs.push(line),
    ...rest,
  });
  const app = createApp(services);
  return {
    app,
    services,
    db,
    clock,
    logs,
    dbFile,
    async call(method, path, { token, body, headers = {}, raw } = {}) {
      const h: Record<string, string> = { ...headers };
      if (token) h.authorization = `Bearer ${token}`;
      if (body !== undefined && !h['content-type']) h['content-type'] = 'application/json';
      const res = await app.request(path, { method, headers: h, body: raw ?? (body === undefined ? undefined : JSON.stringify(body)) });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        // not JSON: keep the text
      }
      return { status: res.status, body: parsed, text, headers: res.headers };
    },
    async close() {
      client.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
