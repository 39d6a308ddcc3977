/**
 * Finding 6 of the trust review (docs/SECURITY.md): anyone could run a spam operation — create an
 * organization and bulk-send or import thousands of invitations under a name and a `loginUrl` of
 * their choosing. Who creates organizations is now the operator's choice (`ORG_CREATION`, `npm run
 * org:create`), every organization sends within a message quota, and its messages say whose they
 * are.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { count, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { organizations, outbox } from '../../worker/src/db/schema';
import { startHarness, type Harness, type HarnessOptions } from '../helpers/harness';
import { startLatentHarness } from '../helpers/robustness-harness';
import { addPerson, deliver, HOUR, linkToken, messagesTo } from '../helpers/invitations';
import { apply, createLink, postForm } from '../helpers/links';
import { changedTables, fingerprint } from '../helpers/robustness';
import { createOrg, createUser, login, orgWithRoles } from '../helpers/seed';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let h: Harness;
afterEach(() => h.close());

const start = async (opts: HarnessOptions = {}) => {
  h = await startHarness(opts);
  return orgWithRoles(h);
};
const queued = async (orgId: string) =>
  (await h.db.select({ n: count() }).from(outbox).where(eq(outbox.orgId, orgId)))[0]!.n;

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

describe('each organization sends within a message quota', () => {
  it('a bulk send past the quota is refused whole with 429 and the wait, and the quota shows in the settings', async () => {
    const org = await start({ messageQuota: { perHour: 5, perDay: 8 } });
    const ids = [];
    for (let i = 0; i < 6; i++)
      ids.push(await addPerson(h, org.orgId, org.owner.token, { email: `p${i}@example.com` }));
    const before = await fingerprint(h.db);
    const res = await h.call('POST', `/api/orgs/${org.orgId}/members/invite`, {
      token: org.owner.token,
      body: { userIds: ids, channel: 'email' },
    });
    expect([res.status, res.body.error.code]).toEqual([429, 'rate_limited']);
    expect(res.body.error.message).toContain('5 messages an hour');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(
      changedTables(before, await fingerprint(h.db)).filter((t) => t !== 'rate_limits'),
    ).toEqual([]);
    expect(
      (
        await h.call('POST', `/api/orgs/${org.orgId}/members/invite`, {
          token: org.owner.token,
          body: { userIds: ids.slice(0, 5), channel: 'email' },
        })
      ).status,
    ).toBe(202);
    const one = await h.call('POST', `/api/orgs/${org.orgId}/invitations`, {
      token: org.owner.token,
      body: { email: 'more@example.com', role: 'member' },
    });
    expect(one.status).toBe(429);
    expect(
      (await h.call('GET', `/api/orgs/${org.orgId}`, { token: org.admin.token })).body.quota,
    ).toEqual({ messagesPerHour: 5, messagesPerDay: 8, sentLastHour: 5, sentLastDay: 5 });
    // An hour later there is room again, up to the day's quota.
    h.clock.advance(HOUR + 1000);
    expect(
      (
        await h.call('POST', `/api/orgs/${org.orgId}/members/invite`, {
          token: org.owner.token,
          body: { userIds: ids.slice(0, 4), channel: 'email' },
        })
      ).status,
    ).toBe(429);
    expect(
      (
        await h.call('POST', `/api/orgs/${org.orgId}/members/invite`, {
          token: org.owner.token,
          body: { userIds: ids.slice(0, 3), channel: 'email' },
        })
      ).status,
    ).toBe(202);
  });

  it('an import that would send past the quota adds nobody', async () => {
    const org = await start({ messageQuota: { perHour: 2, perDay: 10 } });
    const csv =
      'firstName,lastName,email\nA,One,a1@example.com\nB,Two,b2@example.com\nC,Three,c3@example.com\n';
    const res = await h.call('POST', `/api/orgs/${org.orgId}/members/import?sendInvitation=true`, {
      token: org.owner.token,
      raw: csv,
      headers: { 'content-type': 'text/csv' },
    });
    expect(res.status).toBe(429);
    expect(
      (
        await h.call('GET', `/api/orgs/${org.orgId}/members?q=example.com`, {
          token: org.owner.token,
        })
      ).body.items,
    ).toHaveLength(0);
  });

  it('two bulk sends at once cannot pass the quota together, on a database a few milliseconds away', async () => {
    // Every database call waits a moment, so both requests read the quota before either writes: the
    // guard inside the batch decides.
    h = await startLatentHarness({ messageQuota: { perHour: 6, perDay: 100 }, latencyMs: 5 });
    const org = await orgWithRoles(h);
    for (let round = 0; round < 3; round++) {
      const ids = [];
      for (let i = 0; i < 8; i++)
        ids.push(
          await addPerson(h, org.orgId, org.owner.token, { email: `r${round}-${i}@example.com` }),
        );
      const send = (part: string[]) =>
        h.call('POST', `/api/orgs/${org.orgId}/members/invite`, {
          token: org.owner.token,
          body: { userIds: part, channel: 'email' },
        });
      const replies = await Promise.all([send(ids.slice(0, 4)), send(ids.slice(4))]);
      expect(replies.map((r) => r.status).sort()).toEqual([202, 429]);
      expect(await queued(org.orgId)).toBe(4);
      h.clock.advance(HOUR + 1000);
      await h.db.delete(outbox).where(eq(outbox.orgId, org.orgId));
    }
  });

  it('a link without approval answers a member and a newcomer alike when the quota is spent', async () => {
    const org = await start({ messageQuota: { perHour: 1, perDay: 10 } });
    const link = await createLink(h, org.orgId, org.owner.token, { requiresApproval: false });
    expect(
      (await apply(h, link.token, { name: 'First One', email: 'first@example.com' })).status,
    ).toBe(201);
    const member = await apply(h, link.token, { name: 'Member', email: org.member.email });
    const newcomer = await apply(h, link.token, { name: 'Second', email: 'second@example.com' });
    expect([member.status, member.body.error.code]).toEqual([429, 'rate_limited']);
    expect([newcomer.status, newcomer.body.error.code]).toEqual([429, 'rate_limited']);
  });
});

describe('an organization’s messages say whose they are', () => {
  it('its name may carry no web address or reordering characters, and its invitations say the name is its own', async () => {
    const org = await start();
    const someone = await createUser(h, 'someone@example.com');
    for (const name of [
      'Reset at https://evil.example',
      'www.evil.example support',
      'Acme\u202Egnp.exe',
      'evil.example/login',
      'Verify at invitations-support.example/login',
      'https:\\\\evil.example',
      'Ｗｗｗ．evil．example',
      'x\u200dwww.evil.example',
    ]) {
      const res = await h.call('POST', '/api/orgs', { token: someone.token, body: { name } });
      expect(res.status, name).toBe(422);
    }
    const beta = await createOrg(h, someone, 'Invitations Security Team');
    await h.call('POST', `/api/orgs/${beta}/invitations`, {
      token: someone.token,
      body: { email: 'target@example.com', role: 'member' },
    });
    await deliver(h);
    const [mail] = await messagesTo(h, 'target@example.com');
    expect(mail!.subject).toBe('Invitation to join “Invitations Security Team”');
    expect(mail!.text).toContain(
      'Sent on behalf of “Invitations Security Team”, an organization that uses this invitation service; the organization chose its name',
    );
    expect(org.orgId).toBeTruthy();
  });

  it('a sign-in address the organization chose is named as its own, never as this service’s', async () => {
    const org = await start();
    await h.call('PATCH', `/api/orgs/${org.orgId}/settings`, {
      token: org.owner.token,
      body: { loginUrl: 'https://signin.acme.example/' },
    });
    const id = await addPerson(h, org.orgId, org.owner.token, { email: 'hire@example.com' });
    await h.call('POST', `/api/orgs/${org.orgId}/members/invite`, {
      token: org.owner.token,
      body: { userIds: [id], channel: 'email' },
    });
    await deliver(h);
    const [mail] = await messagesTo(h, 'hire@example.com');
    expect(mail!.text).toContain('Sign-in page given by “Acme”: https://signin.acme.example/');
    expect(mail!.text).not.toContain('Login address: https://signin.acme.example/');
    // The hosted page that ends an invitation says the same.
    await h.call('POST', `/api/orgs/${org.orgId}/invitations`, {
      token: org.owner.token,
      body: { email: 'next@example.com', role: 'member' },
    });
    await deliver(h);
    const token = linkToken((await messagesTo(h, 'next@example.com'))[0]!.text, 'invite');
    const accepted = await postForm(h, `/invite/${token}`, {
      name: 'Next Person',
      password: 'a good long password',
    });
    expect(accepted.status, accepted.text).toBe(200);
    expect(accepted.text).toContain('Sign-in page given by “Acme”:');
    expect(accepted.text).toContain('https://signin.acme.example/');
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

describe('strangers cannot spend the messages an organization’s admins send', () => {
  it('joins through a link without approval stop at the public budget, and the admins still invite', async () => {
    const org = await start({ messageQuota: { perHour: 10, perDay: 100 } });
    const link = await createLink(h, org.orgId, org.owner.token, { requiresApproval: false });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push(
        (await apply(h, link.token, { name: `Bot ${i}`, email: `bot${i}@junk.example` })).status,
      );
    // A fifth of 10 an hour: 2 welcomes, then 429 for everyone.
    expect(statuses).toEqual([201, 201, 429, 429]);
    const invited = await h.call('POST', `/api/orgs/${org.orgId}/invitations`, {
      token: org.owner.token,
      body: { email: 'real-hire@example.com', role: 'member' },
    });
    expect(invited.status).toBe(201);
    // Codes asked for through copied links count on the public budget too.
    const copied = await h.call('POST', `/api/orgs/${org.orgId}/invitations`, {
      token: org.owner.token,
      body: { email: 'copied@example.com', role: 'member', channel: 'link' },
    });
    const token = String(copied.body.url).split('/invite/')[1]!;
    expect(
      (
        await h.call('POST', `/api/invite/${token}/code`, {
          headers: { 'cf-connecting-ip': '203.0.113.5' },
        })
      ).status,
    ).toBe(429);
  });
});

describe('"you already belong here" notices stay within the public budget', () => {
  it('past it, applying with a member’s address answers the same and spends the use, and no notice goes out', async () => {
    const org = await start({ messageQuota: { perHour: 10, perDay: 100 } });
    // Addresses an admin added (adding sends nothing), then applications through an approval-on
    // link with each.
    const people = [];
    for (let i = 0; i < 5; i++) people.push(`target${i}@victims.example`);
    for (const email of people) await addPerson(h, org.orgId, org.owner.token, { email });
    const link = await createLink(h, org.orgId, org.owner.token);
    const answers = [];
    for (const email of people)
      answers.push(await apply(h, link.token, { name: 'Some One', email }));
    expect(answers.map((a) => a.status)).toEqual(Array(5).fill(201));
    // A fifth of 10 an hour: two notices go out, whatever was asked; the rest are kept as skipped.
    const notices = (await h.db.select().from(outbox).where(eq(outbox.orgId, org.orgId))).filter(
      (m) => m.kind === 'already_member',
    );
    expect(notices.filter((m) => m.status !== 'skipped')).toHaveLength(2);
    expect(notices.filter((m) => m.status === 'skipped')).toHaveLength(3);
    expect(
      (await h.call('GET', `/api/orgs/${org.orgId}/links/${link.id}`, { token: org.owner.token }))
        .body.link.useCount,
    ).toBe(5);
  });
});

describe('a spent public budget tells nobody who belongs', () => {
  it('applying twice through an approval link answers a member and a newcomer alike, with the budget spent', async () => {
    const org = await start({ messageQuota: { perHour: 5, perDay: 100 } });
    // Strangers spend the public budget (a fifth of 5 an hour: one welcome) through a link without
    // approval.
    const open = await createLink(h, org.orgId, org.owner.token, { requiresApproval: false });
    expect(
      (await apply(h, open.token, { name: 'Junk One', email: 'junk1@junk.example' })).status,
    ).toBe(201);
    expect(
      (await apply(h, open.token, { name: 'Junk Two', email: 'junk2@junk.example' })).status,
    ).toBe(429);
    const link = await createLink(h, org.orgId, org.member.token);
    const twice = async (email: string) => {
      const answers = [];
      for (let i = 0; i < 2; i++) {
        const res = await apply(h, link.token, { name: 'Some One', email });
        answers.push(`${res.status} ${res.body?.error?.code ?? res.body?.status}`);
      }
      return answers;
    };
    expect(await twice(org.admin.email)).toEqual(await twice('nobody-here@people.example'));
    expect(await twice(org.member.email)).toEqual(['201 pending', '409 already_applied']);
  });
});
