import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applications, inviteLinks, memberships, outbox } from '../../worker/src/db/schema';
import { startHarness, type Harness } from '../helpers/harness';
import { apply, createLink, mailTo, rowCounts, type CreatedLink } from '../helpers/links';
import { orgWithRoles } from '../helpers/seed';

let h: Harness;
let org: Awaited<ReturnType<typeof orgWithRoles>>;
let link: CreatedLink;
beforeEach(async () => {
  h = await startHarness();
  org = await orgWithRoles(h);
  link = await createLink(h, org.orgId, org.admin.token, { expiresInHours: 24 });
});
afterEach(() => h.close());

const ann = { name: 'Ann Applicant', email: 'ann@example.com' };

describe('GET /api/join/:token', () => {
  it('answers the organization, the inviter, approval and expiry, and changes nothing', async () => {
    const before = await rowCounts(h);
    const res = await h.call('GET', `/api/join/${link.token}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      org: { name: 'Acme' },
      inviter: { name: 'admin' },
      requiresApproval: true,
      expiresAt: link.body.expiresAt,
    });
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await rowCounts(h)).toEqual(before);
  });

  it('answers 404 for unknown, tampered, truncated, over-long and malformed tokens, and POST changes nothing', async () => {
    const [id, mac] = link.token.split('.') as [string, string];
    const flipped = mac.slice(0, -2) + (mac.at(-2) === 'A' ? 'B' : 'A') + mac.at(-1);
    const bad = [
      `AAAAAAAAAAAAAAAA.${mac}`,
      `${id}.${flipped}`,
      link.token.slice(0, -1),
      link.token.slice(0, 20),
      `${link.token}x`,
      `${link.token}${'x'.repeat(5000)}`,
      `${'a'.repeat(64)}.${mac}`,
      `${id}.`,
      `.${mac}`,
      id,
      '%00',
      '%F0%9F%8E%89.%3Cscript%3E',
    ];
    const before = await rowCounts(h);
    for (const token of bad) {
      const get = await h.call('GET', `/api/join/${token}`);
      expect(get.status, token).toBe(404);
      expect(get.body.error.code).toBe('not_found');
      const post = await apply(h, token, ann);
      expect(post.status, token).toBe(404);
    }
    expect(await rowCounts(h)).toEqual(before);
  });
});

describe('POST /api/join/:token', () => {
  it('files a pending application, spends one use and tells the client', async () => {
    const res = await apply(h, link.token, ann);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ status: 'pending' });
    const [row] = await h.db.select().from(applications);
    expect(row).toMatchObject({
      name: 'Ann Applicant',
      email: 'ann@example.com',
      status: 'pending',
      inviterId: org.admin.id,
      linkId: link.id,
    });
    const [l] = await h.db.select().from(inviteLinks).where(eq(inviteLinks.id, link.id));
    expect(l!.useCount).toBe(1);
  });

  it('keeps names with HTML, quotes and emoji as typed', async () => {
    const name = `<script>alert("x")</script> O'Brien & "Zoë" 🎉`;
    expect((await apply(h, link.token, { name, email: 'z@example.com' })).status).toBe(201);
    const [row] = await h.db.select().from(applications);
    expect(row!.name).toBe(name);
  });

  it('refuses names with CR/LF or over 100 characters, and bad e-mail addresses, with 422 naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ name: 'Evil\r\nBcc: x@example.com', email: 'e@example.com' }, 'name'],
      [{ name: 'x'.repeat(10_000), email: 'e@example.com' }, 'name'],
      [{ name: '   ', email: 'e@example.com' }, 'name'],
      [{ name: 42, email: 'e@example.com' }, 'name'],
      [{ name: 'Eve', email: 'not-an-address' }, 'email'],
      [{ name: 'Eve', email: 'eve@' }, 'email'],
      [{ name: 'Eve', email: 'e ve@example.com' }, 'email'],
      [{ name: 'Eve', email: `${'e'.repeat(300)}@example.com` }, 'email'],
      [{ name: 'Eve', email: ['e@example.com'] }, 'email'],
      [{ name: 'Eve' }, 'email'],
      [{ name: 'Eve', email: 'e@example.com', role: 'owner' }, 'role'],
    ];
    const before = await rowCounts(h);
    for (const [body, field] of cases) {
      const res = await apply(h, link.token, body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(422);
      expect(res.body.error.code).toBe('invalid_input');
      expect(res.body.error.fields).toHaveProperty(field);
    }
    expect(
      (await apply(h, link.token, { name: 'x'.repeat(100), email: 'e@example.com' })).status,
    ).toBe(201);
    expect((await rowCounts(h)).applications).toBe(before.applications! + 1);
  });

  it('refuses bodies that are not JSON', async () => {
    const broken = await h.call('POST', `/api/join/${link.token}`, {
      raw: '{"name":',
      headers: { 'content-type': 'application/json' },
    });
    expect(broken.status).toBe(400);
    const form = await h.call('POST', `/api/join/${link.token}`, {
      raw: 'name=a&email=a%40example.com',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
  });

  it('answers 409 already_applied for the same address in another case, without spending a use', async () => {
    expect((await apply(h, link.token, { name: 'Ann', email: 'Ann@Example.com' })).status).toBe(
      201,
    );
    const again = await apply(h, link.token, { name: 'Ann again', email: 'ann@EXAMPLE.com' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('already_applied');
    const other = await createLink(h, org.orgId, org.member.token);
    expect(
      (await apply(h, other.token, { name: 'Ann', email: ' ANN@example.com ' })).body.error.code,
    ).toBe('already_applied');
    const [l] = await h.db.select().from(inviteLinks).where(eq(inviteLinks.id, link.id));
    expect(l!.useCount).toBe(1);
    expect(await h.db.select().from(applications)).toHaveLength(1);
  });

  it('accepts only addresses at the allowed domains when the organization sets them', async () => {
    await h.call('PATCH', `/api/orgs/${org.orgId}/settings`, {
      token: org.owner.token,
      body: { allowedEmailDomains: ['example.com'] },
    });
    for (const email of ['bob@other.org', 'bob@sub.example.com', 'bob@example.com.evil.org']) {
      const res = await apply(h, link.token, { name: 'Bob', email });
      expect(res.status, email).toBe(422);
      expect(res.body.error.fields.email).toBeTruthy();
    }
    expect(await h.db.select().from(applications)).toHaveLength(0);
    expect((await apply(h, link.token, { name: 'Bob', email: 'Bob@Example.com' })).status).toBe(
      201,
    );
  });
});

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

describe('no enumeration of members', () => {
  it('an active member applying gets the answer anyone gets; nothing changes but a notice to their own address', async () => {
    const stranger = await apply(h, link.token, ann);
    const member = await apply(h, link.token, { name: 'Whoever', email: org.member.email });
    expect(member.status).toBe(stranger.status);
    expect(member.body).toEqual(stranger.body);
    expect(
      await h.db.select().from(applications).where(eq(applications.email, org.member.email)),
    ).toHaveLength(0);
    const [m] = await h.db
      .select()
      .from(memberships)
      .where(and(eq(memberships.orgId, org.orgId), eq(memberships.userId, org.member.id)));
    expect(m).toMatchObject({ role: 'member', status: 'active' });
    const mail = await mailTo(h, org.member.email);
    expect(mail).toHaveLength(1);
    expect(mail[0]!.text).toContain('already belongs to Acme');
    const again = await apply(h, link.token, { name: 'Whoever', email: org.member.email });
    const strangerAgain = await apply(h, link.token, ann);
    expect([again.status, again.body.error.code]).toEqual([
      strangerAgain.status,
      strangerAgain.body.error.code,
    ]);
  });

  it('on a link without approval too', async () => {
    const open = await createLink(h, org.orgId, org.admin.token, { requiresApproval: false });
    const stranger = await apply(h, open.token, ann);
    const member = await apply(h, open.token, {
      name: 'Whoever',
      email: org.member.email.toUpperCase(),
    });
    expect([member.status, member.body]).toEqual([stranger.status, stranger.body]);
    expect(
      await h.db.select().from(outbox).where(eq(outbox.recipient, org.member.email)),
    ).toMatchObject([{ kind: 'already_member' }]);
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
