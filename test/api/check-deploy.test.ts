/**
 * `npm run check:deploy` against the repository's Hrana server (test/fakes/hrana-server.ts, what
 * the Worker's `@libsql/client/web` speaks), as a real process: ready when everything is there;
 * plain words for a missing or refused token, an unreachable address, pending migrations, a
 * missing Resend key — and no secret in its output.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureFirstOrganization } from '../../worker/src/bootstrap';
import { nodeScrypt, openDatabase } from '../../worker/src/entry/node-runtime';
import { createPasswordHasher } from '../../worker/src/lib/password';
import { startHranaServer, type HranaServer } from '../fakes/hrana-server';
import { freePort, runServerToExit } from '../helpers/server-process';

const DB_TOKEN = 'db-token-0123456789';
const SECRET = 's'.repeat(40);
let dir: string;
let hrana: HranaServer | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'invitations-check-'));
});
afterEach(async () => {
  await hrana?.close();
  hrana = undefined;
  await rm(dir, { recursive: true, force: true });
});

/** A database behind the Hrana server: migrated (and with an organization) or empty. */
async function serve(opts: { migrated: boolean; withOrg?: boolean }) {
  const path = join(dir, 'remote.db');
  if (opts.migrated) {
    const { db, close } = await openDatabase(`file:${path}`);
    if (opts.withOrg)
      await ensureFirstOrganization(
        db,
        createPasswordHasher(nodeScrypt),
        { orgName: 'Acme', email: 'owner@example.com', password: 'a long owner password' },
        Date.now(),
      );
    close();
  }
  hrana = await startHranaServer({ path, authToken: DB_TOKEN });
  return hrana.url;
}

const settings = (url: string) => ({
  DATABASE_URL: url,
  DATABASE_AUTH_TOKEN: DB_TOKEN,
  TOKEN_SECRET: SECRET,
  PUBLIC_URL: 'https://invitations.example',
  RESEND_API_KEY: 're_secret_key_value',
  MAIL_FROM: 'Invitations <invites@example.com>',
});

const check = (env: Record<string, string>) => runServerToExit(env, [], 'scripts/check-deploy.ts');

function expectNoSecrets(output: string) {
  for (const secret of [DB_TOKEN, SECRET, 're_secret_key_value'])
    expect(output).not.toContain(secret);
}

describe('npm run check:deploy', () => {
  it('says the deployment is ready when the settings, the database, its migrations and an organization are there', async () => {
    const url = await serve({ migrated: true, withOrg: true });
    const { code, output } = await check(settings(url));
    expect(output).toContain(`database: reached ${url}, token accepted`);
    expect(output).toMatch(/migrations: all \d+ applied/);
    expect(output).toContain('organizations: 1');
    expect(output).toContain('Ready to deploy');
    expect(output).not.toContain('PROBLEM');
    expect(code).toBe(0);
    expectNoSecrets(output);
  });

  it('a missing token, a refused token, an unreachable address: each in plain words, exit 1', async () => {
    const url = await serve({ migrated: true, withOrg: true });
    const { DATABASE_AUTH_TOKEN: _, ...noToken } = settings(url);
    const missing = await check(noToken);
    expect(missing.code).toBe(1);
    expect(missing.output).toContain('DATABASE_AUTH_TOKEN: missing, and the database requires one');
    const refused = await check({ ...settings(url), DATABASE_AUTH_TOKEN: 'another-token' });
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('DATABASE_AUTH_TOKEN: the database refused this token');
    expect(refused.output).not.toContain('another-token');
    const nowhere = `http://127.0.0.1:${await freePort()}`;
    const unreachable = await check(settings(nowhere));
    expect(unreachable.code).toBe(1);
    expect(unreachable.output).toContain(`DATABASE_URL: cannot reach ${nowhere}`);
    const file = await check(settings('file:./data/invitations.db'));
    expect(file.code).toBe(1);
    expect(file.output).toMatch(/DATABASE_URL: must be a libsql:\/\/, https:\/\/ or http:\/\/ URL/);
    for (const run of [missing, refused, unreachable, file]) expectNoSecrets(run.output);
  });

  it('pending migrations, no organization and a missing Resend key are problems', async () => {
    const url = await serve({ migrated: false });
    const { RESEND_API_KEY: _, ...noKey } = settings(url);
    const { code, output } = await check(noKey);
    expect(code).toBe(1);
    expect(output).toMatch(
      /migrations: (\d+) of \1 pending: apply them with .*scripts\/create-owner\.ts/,
    );
    expect(output).toContain('RESEND_API_KEY: missing: the Worker needs it');
    expect(output).toMatch(/\d+ problems? to fix before the Worker works\./);

    // Migrated, but nobody has created the first organization yet.
    await hrana!.close();
    hrana = undefined;
    const migrated = await serve({ migrated: true });
    const empty = await check(settings(migrated));
    expect(empty.code).toBe(1);
    expect(empty.output).toContain('organizations: none yet: create the first owner');
  });
});
