/**
 * Finding 6 of the trust review (docs/SECURITY.md): anyone could run a spam operation — create an
 * organization and bulk-send invitations under it. Who creates organizations is now the operator's
 * choice (`ORG_CREATION`, `npm run org:create`), and creating organizations to multiply quotas is
 * limited.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { organizations } from '../../worker/src/db/schema';
import { startHarness, type Harness } from '../helpers/harness';
import { HOUR } from '../helpers/invitations';
import { changedTables, fingerprint } from '../helpers/robustness';
import { createUser, login } from '../helpers/seed';
import { startingWith } from '../helpers/trust';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let h: Harness;
afterEach(() => h.close());
const start = startingWith((started) => {
  h = started;
});

describe('who may create organizations is the operator’s choice', () => {
  it('with ORG_CREATION=nobody a signed-in account cannot create one, and nothing changes', async () => {
    h = await startHarness({ orgCreation: 'nobody' });
    const someone = await createUser(h, 'someone@example.com');
    const before = await fingerprint(h.db);
    const res = await h.call('POST', '/api/orgs', {
      token: someone.token,
      body: { name: 'Spam Inc' },
    });
    expect([res.status, res.body.error.code]).toEqual([403, 'forbidden']);
    expect(changedTables(before, await fingerprint(h.db))).toEqual([]);
  });

  it('with anyone (the default in local mode) it can', async () => {
    const org = await start();
    expect(
      (
        await h.call('POST', '/api/orgs', {
          token: org.member.token,
          body: { name: 'Side Project' },
        })
      ).status,
    ).toBe(201);
  });

  it('the operator creates one, with a new owner whose password is printed once, and sets its quota', async () => {
    h = await startHarness({ orgCreation: 'nobody' });
    const env = { ...process.env, DATABASE_URL: `file:${h.dbFile}` };
    const cli = (...args: string[]) =>
      run(process.execPath, ['--import', 'tsx', 'scripts/org.ts', ...args], {
        cwd: ROOT,
        env: { ...env, TSX_TSCONFIG_PATH: 'scripts/tsconfig.json' },
      });
    const made = await cli('create', '--name', 'Operator Made', '--owner', 'boss@operator.example');
    const password = /boss@operator\.example \/ (\S+)/.exec(made.stdout)?.[1];
    expect(password, made.stdout).toBeTruthy();
    const token = await login(h, 'boss@operator.example', password!);
    const [org] = await h.db
      .select()
      .from(organizations)
      .where(eq(organizations.name, 'Operator Made'));
    await cli('quota', '--org', org!.slug, '--per-hour', '7', '--per-day', '9');
    const dto = await h.call('GET', `/api/orgs/${org!.id}`, { token });
    expect(dto.body.quota).toEqual({
      messagesPerHour: 7,
      messagesPerDay: 9,
      sentLastHour: 0,
      sentLastDay: 0,
    });
    await expect(
      cli('create', '--name', 'See http://evil.example', '--owner', 'x@example.com'),
    ).rejects.toThrow(/web address/);
  });
});

describe('creating organizations to multiply quotas is limited', () => {
  it('one account creates at most 3 organizations a day, one client 10', async () => {
    const org = await start();
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push(
        (
          await h.call('POST', '/api/orgs', {
            token: org.member.token,
            body: { name: `Mine ${i}` },
          })
        ).status,
      );
    expect(statuses).toEqual([201, 201, 201, 429]);
    h.clock.advance(24 * HOUR + 1000);
    expect(
      (await h.call('POST', '/api/orgs', { token: org.member.token, body: { name: 'Next day' } }))
        .status,
    ).toBe(201);
  });
});
