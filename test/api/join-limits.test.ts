import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { applications, inviteLinks, memberships, outbox } from '../../worker/src/db/schema';
import type { Org } from '../helpers/fresh';
import type { Harness } from '../helpers/harness';
import { apply, createLink, rowCounts, type CreatedLink } from '../helpers/links';
import { ann, freshLink } from '../helpers/links-setup';

let h: Harness;
let org: Org;
let link: CreatedLink;
freshLink((s) => ({ h, org, link } = s));

describe('links that cannot be used any more', () => {
  const expectGone = async (token: string, code: string) => {
    const before = await rowCounts(h);
    expect((await h.call('GET', `/api/join/${token}`)).body.error.code).toBe(code);
    const res = await apply(h, token, { name: 'Late', email: `late${Math.random()}@example.com` });
    expect(res.status).toBe(410);
    expect(res.body.error.code).toBe(code);
    expect(await rowCounts(h)).toEqual(before);
  };

  it('after expiry: 410 link_expired', async () => {
    const short = await createLink(h, org.orgId, org.admin.token, { expiresInHours: 1 });
    h.clock.advance(3600_000 - 1);
    expect((await apply(h, short.token, ann)).status).toBe(201);
    h.clock.advance(1);
    await expectGone(short.token, 'link_expired');
  });

  it('after revocation and after "reset all": 410 link_revoked', async () => {
    await h.call('DELETE', `/api/orgs/${org.orgId}/links/${link.id}`, { token: org.admin.token });
    await expectGone(link.token, 'link_revoked');
    const mine = await createLink(h, org.orgId, org.member.token);
    await h.call('POST', `/api/orgs/${org.orgId}/links/reset`, { token: org.member.token });
    await expectGone(mine.token, 'link_revoked');
  });

  it('past the usage limit: 410 link_exhausted', async () => {
    const two = await createLink(h, org.orgId, org.admin.token, { maxUses: 2 });
    expect((await apply(h, two.token, { name: 'A', email: 'a@example.com' })).status).toBe(201);
    expect((await apply(h, two.token, { name: 'B', email: 'b@example.com' })).status).toBe(201);
    await expectGone(two.token, 'link_exhausted');
  });
});

describe('usage limits under load', () => {
  it('20 parallel applications on a link limited to 5 admit exactly 5', async () => {
    const five = await createLink(h, org.orgId, org.admin.token, { maxUses: 5 });
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        apply(h, five.token, { name: `P${i}`, email: `p${i}@example.com` }, `10.1.0.${i}`),
      ),
    );
    expect(replies.filter((r) => r.status === 201)).toHaveLength(5);
    expect(
      replies.filter((r) => r.status === 410 && r.body.error.code === 'link_exhausted'),
    ).toHaveLength(15);
    expect(
      await h.db.select().from(applications).where(eq(applications.linkId, five.id)),
    ).toHaveLength(5);
    const [l] = await h.db.select().from(inviteLinks).where(eq(inviteLinks.id, five.id));
    expect(l!.useCount).toBe(5);
  });

  it('with approval off, 12 parallel joins on a link limited to 3 make exactly 3 memberships and 3 welcomes', async () => {
    const three = await createLink(h, org.orgId, org.admin.token, {
      maxUses: 3,
      requiresApproval: false,
    });
    const replies = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        apply(h, three.token, { name: `Q${i}`, email: `q${i}@example.com` }, `10.2.0.${i}`),
      ),
    );
    expect(replies.filter((r) => r.status === 201).map((r) => r.body.status)).toEqual([
      'approved',
      'approved',
      'approved',
    ]);
    expect(
      await h.db.select().from(memberships).where(eq(memberships.linkId, three.id)),
    ).toHaveLength(3);
    expect(await h.db.select().from(outbox).where(eq(outbox.kind, 'welcome'))).toHaveLength(3);
  });
});

describe('rate limits', () => {
  it('limits one client to 30 applications per 10 minutes, with Retry-After', async () => {
    const replies = [];
    for (let i = 0; i <= 30; i++)
      replies.push(
        await apply(h, link.token, { name: `R${i}`, email: `r${i}@example.com` }, '10.9.9.9'),
      );
    expect(replies.slice(0, 30).map((r) => r.status)).toEqual(Array(30).fill(201));
    const last = replies.at(-1)!;
    expect(last.status).toBe(429);
    expect(last.body.error.code).toBe('rate_limited');
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
    h.clock.advance(10 * 60_000);
    expect(
      (await apply(h, link.token, { name: 'R', email: 'r-late@example.com' }, '10.9.9.9')).status,
    ).toBe(201);
  });

  it('limits one link to 300 attempts per 10 minutes from any number of clients', async () => {
    await h.call('PATCH', `/api/orgs/${org.orgId}/settings`, {
      token: org.owner.token,
      body: { allowedEmailDomains: ['example.com'] },
    });
    for (let i = 0; i < 300; i++)
      await apply(
        h,
        link.token,
        { name: 'S', email: `s${i}@elsewhere.org` },
        `10.3.${i >> 8}.${i & 255}`,
      );
    const res = await apply(h, link.token, { name: 'S', email: 's@example.com' }, '10.4.0.1');
    expect(res.status).toBe(429);
    const other = await createLink(h, org.orgId, org.admin.token);
    expect(
      (await apply(h, other.token, { name: 'S', email: 's@example.com' }, '10.4.0.1')).status,
    ).toBe(201);
  });
});
