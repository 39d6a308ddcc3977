/**
 * The operator's account commands through real processes: `npm run owner:reset-password` (a
 * one-time link, every session ended, an audit event; refused on a remote database or outside local
 * mode unless explicit) and scripts/create-owner.ts `--name`.
 */
import { createClient } from '@libsql/client';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { requestWithHost } from '../helpers/http-request';
import { runServerToExit, startServerProcess, type ServerProcess } from '../helpers/server-process';

const OWNER_PASSWORD = 'a long owner password';
const NEW_PASSWORD = 'a brand new password';
let dir: string;
let server: ServerProcess | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'invitations-operator-'));
});
afterEach(async () => {
  await server?.stop('SIGKILL');
  server = undefined;
  await rm(dir, { recursive: true, force: true });
});

const dbUrl = () => `file:${join(dir, 'data', 'invitations.db')}`;

async function query(sql: string) {
  const client = createClient({ url: dbUrl() });
  try {
    return (await client.execute(sql)).rows;
  } finally {
    client.close();
  }
}

async function login(url: string, password: string) {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'owner@example.com', password }),
  });
  return { status: res.status, token: ((await res.json()) as { token?: string }).token };
}

const me = async (url: string, token: string) =>
  (await fetch(`${url}/api/me`, { headers: { authorization: `Bearer ${token}` } })).status;

const resetPassword = (env: Record<string, string>, args: string[]) =>
  runServerToExit({ DATABASE_URL: dbUrl(), ...env }, args, 'scripts/reset-password.ts');

describe('npm run owner:reset-password', () => {
  it('prints a one-time link, ends every session and writes an audit event; the link sets the new password once', async () => {
    server = await startServerProcess({ DATABASE_URL: dbUrl(), OWNER_PASSWORD });
    const { url } = server;
    const first = await login(url, OWNER_PASSWORD);
    const second = await login(url, OWNER_PASSWORD);
    expect(await me(url, first.token!)).toBe(200);

    const run = await resetPassword({ PUBLIC_URL: url }, ['owner@example.com']);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain('owner@example.com (owner of "My organization")');
    expect(run.output).toContain('sessions ended: 2');
    const link = new RegExp(`${url}(/reset-password/[A-Za-z0-9_.-]+)`).exec(run.output)?.[1];
    expect(link, run.output).toBeDefined();
    expect(await me(url, first.token!)).toBe(401);
    expect(await me(url, second.token!)).toBe(401);
    const [org] = await query('SELECT id FROM organizations');
    expect(
      await query(
        "SELECT org_id, actor_id, target_type, detail FROM audit_events WHERE action = 'account.password_reset'",
      ),
    ).toEqual([
      expect.objectContaining({
        org_id: org!.id,
        actor_id: null,
        target_type: 'user',
        detail: JSON.stringify({ by: 'operator' }),
      }),
    ]);

    const page = await fetch(`${url}${link}`);
    expect(page.status).toBe(200);
    const form = new URLSearchParams({ newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    const post = () =>
      requestWithHost(`${url}${link}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: url },
        body: form.toString(),
      });
    expect((await post()).status).toBe(200);
    expect((await login(url, NEW_PASSWORD)).status).toBe(200);
    expect((await login(url, OWNER_PASSWORD)).status).toBe(401);
    // Once only.
    expect((await post()).status).not.toBe(200);
  });

  it('refuses a remote database, settings outside local mode and an unknown address, changing nothing', async () => {
    server = await startServerProcess({ DATABASE_URL: dbUrl(), OWNER_PASSWORD });
    const { token } = await login(server.url, OWNER_PASSWORD);
    const remote = await runServerToExit(
      { DATABASE_URL: 'libsql://invitations-x.turso.io' },
      ['owner@example.com'],
      'scripts/reset-password.ts',
    );
    expect(remote.code).toBe(1);
    expect(remote.output).toMatch(
      /Refused: DATABASE_URL \(libsql:\/\/invitations-x\.turso\.io\) is remote/,
    );
    expect(remote.output).toMatch(/--allow-remote/);
    const production = await resetPassword({ PUBLIC_URL: 'https://invitations.example' }, [
      'owner@example.com',
    ]);
    expect(production.code).toBe(1);
    expect(production.output).toMatch(
      /Refused: these settings are not local mode \(PUBLIC_URL is not a loopback address\)/,
    );
    const noSecret = await resetPassword({ PUBLIC_URL: 'https://invitations.example' }, [
      'owner@example.com',
      '--allow-remote',
    ]);
    expect(noSecret.code).toBe(1);
    expect(noSecret.output).toMatch(/Set TOKEN_SECRET/);
    const unknown = await resetPassword({ PUBLIC_URL: server.url }, ['nobody@example.com']);
    expect(unknown.code).toBe(1);
    expect(unknown.output).toMatch(/No account has the e-mail address nobody@example\.com/);
    const noAddress = await resetPassword({}, []);
    expect(noAddress.code).toBe(1);
    expect(noAddress.output).toMatch(/Give the account's e-mail address/);

    expect(await me(server.url, token!)).toBe(200);
    expect(await query("SELECT id FROM action_tokens WHERE purpose = 'reset_password'")).toEqual(
      [],
    );
    expect(
      await query("SELECT id FROM audit_events WHERE action = 'account.password_reset'"),
    ).toEqual([]);
  });

  it("with --allow-remote and the deployment's TOKEN_SECRET, resets outside local mode", async () => {
    server = await startServerProcess({ DATABASE_URL: dbUrl(), OWNER_PASSWORD });
    const run = await resetPassword(
      { PUBLIC_URL: 'https://invitations.example', TOKEN_SECRET: 's'.repeat(40) },
      ['owner@example.com', '--allow-remote'],
    );
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(/https:\/\/invitations\.example\/reset-password\/\S+/);
  });
});

describe('scripts/create-owner.ts --name', () => {
  it('gives the owner a display name, and refuses one that is a web address', async () => {
    const create = (args: string[]) =>
      runServerToExit(
        { DATABASE_URL: dbUrl(), OWNER_EMAIL: 'ada@example.com', ORG_NAME: 'Acme' },
        args,
        'scripts/create-owner.ts',
      );
    const bad = await create(['--name', 'see https://evil.example']);
    expect(bad.code).toBe(1);
    expect(bad.output).toMatch(/--name must not contain a web address/);
    const made = await create(['--name', 'Ada Lovelace']);
    expect(made.code, made.output).toBe(0);
    expect(await query("SELECT name FROM users WHERE email = 'ada@example.com'")).toEqual([
      expect.objectContaining({ name: 'Ada Lovelace' }),
    ]);
  });
});
