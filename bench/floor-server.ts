/**
 * The floor every figure is compared with: a bare Hono route on @hono/node-server over the same
 * libSQL file (the same @libsql/client, WAL mode like the product), with no middleware, no
 * validation and no sign-in.
 *
 *   POST /insert   one INSERT of a random token's SHA-256 (what the cheapest write of the product must do)
 *   GET  /select   one indexed SELECT … LIMIT 50 (the pending invitations of an organization, newest first)
 *
 * DATABASE_URL names the file; it prints "listening on 127.0.0.1:<port>" like the product's entry.
 */
import { serve } from '@hono/node-server';
import { createClient } from '@libsql/client';
import { Hono } from 'hono';

const url = process.env.DATABASE_URL;
if (!url?.startsWith('file:')) throw new Error('DATABASE_URL=file:… is required');
const client = createClient({ url });
await client.execute('PRAGMA journal_mode = WAL');
await client.execute(
  'CREATE TABLE IF NOT EXISTS bench_floor (id TEXT PRIMARY KEY, token_hash TEXT NOT NULL, created_at INTEGER NOT NULL)',
);

const b64 = (bytes: ArrayBuffer | Uint8Array) =>
  Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)).toString('base64url');

const app = new Hono()
  .post('/insert', async (c) => {
    const token = crypto.getRandomValues(new Uint8Array(32));
    const hash = b64(await crypto.subtle.digest('SHA-256', token));
    const id = b64(crypto.getRandomValues(new Uint8Array(12)));
    await client.execute({
      sql: 'INSERT INTO bench_floor (id, token_hash, created_at) VALUES (?, ?, ?)',
      args: [id, hash, Date.now()],
    });
    return c.json({ id }, 201);
  })
  .get('/select', async (c) => {
    const rs = await client.execute({
      sql: "SELECT * FROM invitations WHERE org_id = ? AND status = 'pending' ORDER BY created_at DESC, id DESC LIMIT 50",
      args: [c.req.query('org') ?? ''],
    });
    return c.json({ items: rs.rows });
  });

const server = serve(
  {
    fetch: app.fetch,
    port: Number(process.env.PORT ?? 0),
    hostname: process.env.HOST ?? '127.0.0.1',
  },
  (info) => {
    console.log(`floor listening on ${info.address}:${info.port}`);
  },
);
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
