import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, LibsqlError, type Client } from '@libsql/client/web';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHranaServer, type HranaServer } from '../../fakes/hrana-server';

let dir: string;
let server: HranaServer;
let db: Client;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hrana-test-'));
  server = await startHranaServer({ path: join(dir, 'test.db') });
  db = createClient({ url: server.url });
});
afterAll(async () => {
  db.close();
  await server.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await db.executeMultiple(`
    DROP TABLE IF EXISTS t;
    DROP TABLE IF EXISTS users;
    CREATE TABLE t (id INTEGER PRIMARY KEY, i INTEGER, f REAL, s TEXT, b BLOB, n TEXT);
    CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE);
  `);
});

async function emails(): Promise<string[]> {
  const { rows } = await db.execute('SELECT email FROM users ORDER BY id');
  return rows.map((row) => String(row.email));
}

describe('Hrana v2 test server through @libsql/client/web', () => {
  it('answers the version check on /v2 and 404 on versions it does not implement', async () => {
    expect((await fetch(`${server.url}/v2`)).status).toBe(200);
    expect((await fetch(`${server.url}/v3`)).status).toBe(404);
    expect((await fetch(`${server.url}/v3-protobuf`)).status).toBe(404);
  });

  it('round-trips every value type', async () => {
    const inserted = await db.execute({
      sql: 'INSERT INTO t (i, f, s, b, n) VALUES (?, ?, ?, ?, ?)',
      args: [42, 1.5, 'héllo', new Uint8Array([0, 1, 254, 255]), null],
    });
    expect(inserted.rowsAffected).toBe(1);
    expect(inserted.lastInsertRowid).toBe(1n);

    const result = await db.execute('SELECT i, f, s, b, n, 2.0 AS whole FROM t');
    expect(result.columns).toEqual(['i', 'f', 's', 'b', 'n', 'whole']);
    expect(result.columnTypes).toEqual(['INTEGER', 'REAL', 'TEXT', 'BLOB', 'TEXT', '']);
    expect(result.rowsAffected).toBe(0);
    const [row] = result.rows;
    expect(row?.i).toBe(42);
    expect(row?.f).toBe(1.5);
    expect(row?.s).toBe('héllo');
    expect(new Uint8Array(row?.b as ArrayBuffer)).toEqual(new Uint8Array([0, 1, 254, 255]));
    expect(row?.n).toBeNull();
    expect(row?.whole).toBe(2);
  });

  it('keeps 64-bit integers exact in bigint mode', async () => {
    const big = createClient({ url: server.url, intMode: 'bigint' });
    await big.execute({ sql: 'INSERT INTO t (i) VALUES (?)', args: [9007199254740993n] });
    const { rows } = await big.execute('SELECT i, typeof(i) AS type FROM t');
    expect(rows[0]).toMatchObject({ i: 9007199254740993n, type: 'integer' });
    big.close();
  });

  it('binds named arguments with any prefix', async () => {
    const { rows } = await db.execute({
      sql: 'SELECT :a AS a, @b AS b, $c AS c',
      args: { a: 1, b: 'two', c: null },
    });
    expect(rows[0]).toMatchObject({ a: 1, b: 'two', c: null });
  });

  it('reports rows changed by UPDATE ... RETURNING', async () => {
    await db.execute("INSERT INTO users (email) VALUES ('a@example.com'), ('b@example.com')");
    const result = await db.execute('UPDATE users SET email = upper(email) RETURNING email');
    expect(result.rowsAffected).toBe(2);
    expect(result.rows.map((r) => r.email)).toEqual(['A@EXAMPLE.COM', 'B@EXAMPLE.COM']);
  });

  it('raises SQLite errors as LibsqlError with sqld-like code and message', async () => {
    await db.execute("INSERT INTO users (email) VALUES ('a@example.com')");
    const failure = db.execute("INSERT INTO users (email) VALUES ('a@example.com')");
    await expect(failure).rejects.toBeInstanceOf(LibsqlError);
    await expect(failure).rejects.toMatchObject({
      code: 'SQLITE_CONSTRAINT',
      message: expect.stringContaining('UNIQUE constraint failed: users.email'),
    });
    await expect(db.execute('SELECT nope FROM users')).rejects.toMatchObject({
      code: 'SQLITE_ERROR',
    });
  });

  it('runs a batch atomically: one failing statement rolls back the whole batch', async () => {
    const ok = await db.batch(
      [
        { sql: 'INSERT INTO users (email) VALUES (?)', args: ['a@example.com'] },
        { sql: 'INSERT INTO users (email) VALUES (?)', args: ['b@example.com'] },
      ],
      'write',
    );
    expect(ok.map((r) => r.rowsAffected)).toEqual([1, 1]);

    const failing = db.batch(
      [
        { sql: 'INSERT INTO users (email) VALUES (?)', args: ['c@example.com'] },
        { sql: 'INSERT INTO users (email) VALUES (?)', args: ['a@example.com'] },
        { sql: 'INSERT INTO users (email) VALUES (?)', args: ['d@example.com'] },
      ],
      'write',
    );
    await expect(failing).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT', statementIndex: 1 });
    expect(await emails()).toEqual(['a@example.com', 'b@example.com']);
    expect(server.openStreams).toBe(0);
  });

  it('commits an interactive transaction, isolated from other streams until commit', async () => {
    const tx = await db.transaction('write');
    await tx.execute("INSERT INTO users (email) VALUES ('a@example.com')");
    const seen = await tx.execute('SELECT count(*) AS n FROM users');
    expect(seen.rows[0]?.n).toBe(1);
    expect(await emails()).toEqual([]);
    expect(server.openStreams).toBe(1);
    await tx.commit();
    expect(await emails()).toEqual(['a@example.com']);
    expect(server.openStreams).toBe(0);
  });

  it('rolls back an interactive transaction', async () => {
    const tx = await db.transaction('write');
    await tx.execute("INSERT INTO users (email) VALUES ('a@example.com')");
    await tx.rollback();
    expect(await emails()).toEqual([]);
  });

  it('lets a second writer wait for the first transaction instead of failing', async () => {
    const first = await db.transaction('write');
    await first.execute("INSERT INTO users (email) VALUES ('first@example.com')");
    const second = db.transaction('write').then(async (tx) => {
      await tx.execute("INSERT INTO users (email) VALUES ('second@example.com')");
      await tx.commit();
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const committed = Date.now();
    await first.commit();
    await second;
    // the waiting writer retries the same statement, so its COMMIT is not held up by a half-failed
    // BEGIN
    expect(Date.now() - committed).toBeLessThan(1000);
    expect(await emails()).toEqual(['first@example.com', 'second@example.com']);
  });

  it('runs several statements with executeMultiple and migrate', async () => {
    await db.executeMultiple(`
      CREATE TABLE m (id INTEGER PRIMARY KEY, v TEXT);
      INSERT INTO m (v) VALUES ('one');
      INSERT INTO m (v) VALUES ('two');
    `);
    await db.migrate([
      { sql: 'ALTER TABLE m ADD COLUMN w TEXT', args: [] },
      { sql: "UPDATE m SET w = v || '!'", args: [] },
    ]);
    const { rows } = await db.execute('SELECT w FROM m ORDER BY id');
    expect(rows.map((r) => r.w)).toEqual(['one!', 'two!']);
    await db.execute('DROP TABLE m');
    await expect(db.executeMultiple('SELECT 1; SELECT nope;')).rejects.toBeInstanceOf(LibsqlError);
  });
});

describe('Hrana test server options', () => {
  it('requires the auth token when one is set', async () => {
    const secured = await startHranaServer({ path: join(dir, 'auth.db'), authToken: 'sekret' });
    const anonymous = createClient({ url: secured.url });
    await expect(anonymous.execute('SELECT 1')).rejects.toBeInstanceOf(LibsqlError);
    const authorized = createClient({ url: secured.url, authToken: 'sekret' });
    expect((await authorized.execute('SELECT 1 AS one')).rows[0]?.one).toBe(1);
    anonymous.close();
    authorized.close();
    await secured.close();
  });

  it('rolls back a stream left idle past its time to live', async () => {
    const short = await startHranaServer({ path: join(dir, 'ttl.db'), streamTtlMs: 100 });
    const client = createClient({ url: short.url });
    await client.execute('CREATE TABLE IF NOT EXISTS k (v TEXT)');
    const tx = await client.transaction('write');
    await tx.execute("INSERT INTO k VALUES ('lost')");
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(short.openStreams).toBe(0);
    await expect(tx.commit()).rejects.toMatchObject({ code: 'STREAM_EXPIRED' });
    expect((await client.execute('SELECT count(*) AS n FROM k')).rows[0]?.n).toBe(0);
    client.close();
    await short.close();
  });
});
