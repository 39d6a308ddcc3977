/**
 * Local mode as `npm start` runs it: the Node entry in its own process, on a fresh libSQL file.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startResendFake } from '../fakes/resend-fake';
import {
  freePort,
  runServerToExit,
  startServerProcess,
  type ServerProcess,
} from '../helpers/server-process';

let dir: string;
let servers: ServerProcess[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'invitations-local-'));
});
afterEach(async () => {
  await Promise.all(servers.map((s) => s.stop('SIGKILL')));
  servers = [];
  await rm(dir, { recursive: true, force: true });
});

async function start(env: Record<string, string> = {}) {
  const s = await startServerProcess({
    DATABASE_URL: `file:${join(dir, 'data', 'invitations.db')}`,
    ...env,
  });
  servers.push(s);
  return s;
}

const post = (url: string, body: unknown, token?: string) =>
  fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });

describe('npm start on an empty database', () => {
  it('creates the first organization and owner, prints the password once, and serves health, login and the mailbox', async () => {
    const s = await start({ ORG_NAME: 'Acme', OWNER_EMAIL: 'Boss@Example.com' });
    const password = /boss@example\.com \/ (\S+)\s+\(generated; shown this once\)/.exec(
      s.output(),
    )?.[1];
    expect(password).toBeTruthy();
    expect(s.output()).toContain('/dev/mail');
    expect(await (await fetch(`${s.url}/health`)).json()).toEqual({ ok: true });
    const login = await post(`${s.url}/api/auth/login`, { email: 'boss@example.com', password });
    expect(login.status).toBe(200);
    const body = (await login.json()) as { memberships: { orgName: string; role: string }[] };
    expect(body.memberships).toEqual([expect.objectContaining({ orgName: 'Acme', role: 'owner' })]);
    expect(await (await fetch(`${s.url}/dev/mail.json`)).json()).toEqual({
      items: [],
      total: 0,
      nextBefore: null,
    });
    const page = await fetch(`${s.url}/login`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form');

    const secret = await stat(join(dir, 'data', 'token-secret'));
    expect(secret.mode & 0o777).toBe(0o600);
    await s.stop();

    const again = await start({ ORG_NAME: 'Other', OWNER_EMAIL: 'boss@example.com' });
    expect(again.output()).not.toContain('shown this once');
    expect(
      (await post(`${again.url}/api/auth/login`, { email: 'boss@example.com', password })).status,
    ).toBe(200);
  });

  it('uses OWNER_PASSWORD when given and never prints it', async () => {
    const s = await start({ OWNER_PASSWORD: 'a long owner password' });
    expect(s.output()).not.toContain('a long owner password');
    expect(
      (
        await post(`${s.url}/api/auth/login`, {
          email: 'owner@example.com',
          password: 'a long owner password',
        })
      ).status,
    ).toBe(200);
  });

  it('stops with a message naming each malformed variable', async () => {
    const { code, output } = await runServerToExit({
      DATABASE_URL: `file:${join(dir, 'x.db')}`,
      PORT: 'eighty',
      TOKEN_SECRET: 'short',
      RESEND_API_KEY: 're_x',
    });
    expect(code).toBe(1);
    expect(output).toMatch(/PORT/);
    expect(output).toMatch(/TOKEN_SECRET/);
    const help = await runServerToExit({}, ['--help']);
    expect(help.code).toBe(0);
    expect(help.output).toMatch(/DATABASE_URL/);
  });
});

describe('a crash while draining', () => {
  it('loses no message and sends none twice after a restart', async () => {
    const fake = await startResendFake();
    try {
      // The restart keeps the port, and so PUBLIC_URL: the retried batch is the same request with
      // the same key.
      const env = {
        PORT: String(await freePort()),
        OWNER_PASSWORD: 'a long owner password',
        RESEND_API_KEY: 're_test',
        MAIL_FROM: 'no-reply@example.com',
        RESEND_BASE_URL: fake.url,
        OUTBOX_LEASE_SECONDS: '1',
      };
      fake.setMode({ hang: true, accept: true }); // Resend takes the batch, and the answer never comes
      const first = await start(env);
      const token = (
        (await (
          await post(`${first.url}/api/auth/login`, {
            email: 'owner@example.com',
            password: 'a long owner password',
          })
        ).json()) as { token: string }
      ).token;
      expect(
        (
          await post(
            `${first.url}/api/account/password`,
            { currentPassword: 'a long owner password', newPassword: 'another long password' },
            token,
          )
        ).status,
      ).toBe(204);
      await fake.waitForSent(1, 10_000);
      await first.stop('SIGKILL');

      fake.setMode(null);
      const second = await start(env);
      const deadline = Date.now() + 20_000;
      while (fake.requests.filter((r) => r.status === 200).length === 0 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 200));
      expect(fake.requests.some((r) => r.status === 200 && r.replayed)).toBe(true);
      expect(fake.sentTo('owner@example.com')).toHaveLength(1);
      await second.stop();
    } finally {
      await fake.close();
    }
  });
});
