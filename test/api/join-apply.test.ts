import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { applications, inviteLinks, memberships, outbox } from '../../worker/src/db/schema';
import type { Org } from '../helpers/fresh';
import type { Harness } from '../helpers/harness';
import { apply, createLink, mailTo, rowCounts, type CreatedLink } from '../helpers/links';
import { ann, freshLink } from '../helpers/links-setup';

let h: Harness;
let org: Org;
let link: CreatedLink;
freshLink((s) => ({ h, org, link } = s));

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
