/**
 * Finding 6 of the trust review (docs/SECURITY.md) and the ones after it about budgets: every
 * organization sends within a message quota, even when two sends race, and what strangers can make
 * it send (welcomes through a link without approval, codes, "you already belong here" notices)
 * stays within a public budget of its own, which tells nobody who belongs once spent.
 */
import { count, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { outbox } from '../../worker/src/db/schema';
import type { Harness } from '../helpers/harness';
import { startLatentHarness } from '../helpers/robustness-harness';
import { addPerson, HOUR } from '../helpers/invitations';
import { apply, createLink } from '../helpers/links';
import { changedTables, fingerprint } from '../helpers/robustness';
import { orgWithRoles } from '../helpers/seed';
import { startingWith } from '../helpers/trust';

let h: Harness;
afterEach(() => h.close());
const start = startingWith((started) => {
  h = started;
});
const queued = async (orgId: string) =>
  (await h.db.select({ n: count() }).from(outbox).where(eq(outbox.orgId, orgId)))[0]!.n;

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
