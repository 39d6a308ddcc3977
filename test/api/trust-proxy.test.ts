/**
 * TRUST_PROXY on the Node entry: behind a reverse proxy, rate limits count each client by the
 * address the proxy appended to X-Forwarded-For; without it (the default) the header is ignored, so
 * a client cannot dodge a limit by writing it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../helpers/server-process';

let dir: string;
let server: ServerProcess | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'invitations-proxy-'));
});
afterEach(async () => {
  await server?.stop('SIGKILL');
  server = undefined;
  await rm(dir, { recursive: true, force: true });
});

const start = async (env: Record<string, string> = {}) => {
  server = await startServerProcess({
    DATABASE_URL: `file:${join(dir, 'invitations.db')}`,
    OWNER_PASSWORD: 'a long owner password',
    ...env,
  });
  return server;
};

/** Applies through an unknown link: counted against the client's limit first, then 404. */
const apply = (url: string, forwardedFor: string) =>
  fetch(`${url}/api/join/unknownlinkid.${'A'.repeat(43)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
    body: JSON.stringify({ name: 'Ann', email: 'ann@example.com' }),
  }).then((r) => r.status);

async function spend(url: string, addressOf: (i: number) => string): Promise<number[]> {
  const statuses: number[] = [];
  // 30 applications per client (JOIN_LIMITS.perClient, written out): the next one is refused.
  for (let i = 0; i < 30; i++) statuses.push(await apply(url, addressOf(i)));
  return statuses;
}

describe('TRUST_PROXY', () => {
  it('with one trusted proxy, limits each forwarded client on its own and ignores what the client wrote before it', async () => {
    const s = await start({ TRUST_PROXY: '1' });
    expect(new Set(await spend(s.url, (i) => `198.51.100.${i}, 203.0.113.1`))).toEqual(
      new Set([404]),
    );
    expect(await apply(s.url, '198.51.100.99, 203.0.113.1')).toBe(429);
    expect(await apply(s.url, '203.0.113.2')).toBe(404);
  });

  it('by default, counts the socket address whatever X-Forwarded-For says', async () => {
    const s = await start();
    expect(new Set(await spend(s.url, (i) => `203.0.113.${i}`))).toEqual(new Set([404]));
    expect(await apply(s.url, '203.0.113.200')).toBe(429);
  });
});
