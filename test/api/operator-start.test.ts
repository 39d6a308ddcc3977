/**
 * `npm start` for the operator, through real processes: a taken port is one line and exit code 1
 * (before the extension build, and from the server itself), `--help` lists every setting of the
 * schema the environment is parsed with, and a clean stop leaves the whole database in the .db file.
 */
import { createClient } from '@libsql/client';
import { copyFile, mkdtemp, rm, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { envSchema } from '../../worker/src/config';
import { runServerToExit, startServerProcess } from '../helpers/server-process';

let dir: string;
let occupied: Server | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'invitations-start-'));
});
afterEach(async () => {
  await new Promise<void>((resolve) => (occupied ? occupied.close(() => resolve()) : resolve()));
  occupied = undefined;
  await rm(dir, { recursive: true, force: true });
});

/** Something else listening on 127.0.0.1; answers its port. */
async function occupyPort(): Promise<number> {
  occupied = createServer();
  await new Promise<void>((resolve) => occupied!.listen(0, '127.0.0.1', resolve));
  const address = occupied.address();
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return address.port;
}

const LINE = /^Port (\d+) is already in use\. Start on another port: PORT=(\d+) npm start$/;

function expectOneLine(output: string, port: number) {
  const lines = output.trim().split('\n');
  expect(lines).toHaveLength(1);
  const m = LINE.exec(lines[0]!);
  expect(m, output).not.toBeNull();
  expect(Number(m![1])).toBe(port);
  expect(Number(m![2])).not.toBe(port);
  expect(output).not.toMatch(/EADDRINUSE|\n\s+at /);
}

describe('npm start with its port taken', () => {
  it('says so in one line and exits 1 before the extension build', async () => {
    const port = await occupyPort();
    const { code, output } = await runServerToExit(
      { PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: `file:${join(dir, 'a.db')}` },
      [],
      'scripts/start.ts',
    );
    expect(code).toBe(1);
    expectOneLine(output, port);
    // Nothing was built or opened: the check comes first.
    expect(output).not.toMatch(/wxt|build/i);
    await expect(stat(join(dir, 'a.db'))).rejects.toThrow();
  });

  it('the server itself says the same when the port is taken after that check', async () => {
    const port = await occupyPort();
    const { code, output } = await runServerToExit({
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: `file:${join(dir, 'b.db')}`,
      OWNER_PASSWORD: 'a long owner password',
    });
    expect(code).toBe(1);
    expectOneLine(output, port);
  });
});

describe('--help', () => {
  it('lists every setting of the configuration schema with its meaning and default, from npm start and from the entry', async () => {
    for (const entry of ['scripts/start.ts', 'worker/src/entry/node.ts']) {
      const { code, output } = await runServerToExit({}, ['--help'], entry);
      expect(code).toBe(0);
      for (const key of Object.keys(envSchema.shape)) {
        const line = output.split('\n').find((l) => l.trimStart().startsWith(`${key} `));
        expect(line, `${entry}: ${key}`).toBeDefined();
        expect(line, `${entry}: ${key}`).toMatch(/\S+\s{2,}\S.*\(default: .+\)$/);
      }
      expect(output).toMatch(/PORT\s+.*\(default: 8787\)/);
      expect(output).toMatch(/DATABASE_URL\s+.*\(default: file:\.\/data\/invitations\.db\)/);
    }
  });
});

describe('a clean stop', () => {
  it('checkpoints the write-ahead log: the .db file alone has the latest write', async () => {
    const file = join(dir, 'data', 'invitations.db');
    const server = await startServerProcess({
      DATABASE_URL: `file:${file}`,
      OWNER_PASSWORD: 'a long owner password',
    });
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'owner@example.com', password: 'a long owner password' }),
    });
    expect(login.status).toBe(200);
    const { token } = (await login.json()) as { token: string };
    // The latest write: a second organization.
    const created = await fetch(`${server.url}/api/orgs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ name: 'Written last' }),
    });
    expect(created.status).toBe(201);
    await server.stop('SIGTERM');
    expect(server.child.exitCode).toBe(0);
    const wal = await stat(`${file}-wal`).catch(() => null);
    expect(wal === null || wal.size === 0).toBe(true);
    const copy = join(dir, 'copy.db');
    await copyFile(file, copy);
    const client = createClient({ url: `file:${copy}` });
    const row = await client.execute(
      "SELECT count(*) AS n FROM organizations WHERE name = 'Written last'",
    );
    client.close();
    expect(row.rows[0]?.n).toBe(1);
  });
});
