import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applications, organizations, users } from '../../worker/src/db/schema';
import { PUBLIC_URL, startHarness, type Harness } from '../helpers/harness';
import {
  apply,
  createLink,
  getPage,
  postForm,
  rowCounts,
  type CreatedLink,
} from '../helpers/links';
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

const path = () => `/join/${link.token}`;

describe('GET /join/:token', () => {
  it('shows the organization, the inviter, the expiry and a labelled name + e-mail form', async () => {
    const res = await getPage(h, path());
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.text.startsWith('<!doctype html>')).toBe(true);
    expect(res.text).toContain('<h1>Join Acme</h1>');
    expect(res.text).toContain('<strong>admin</strong> invited you');
    expect(res.text).toContain(`<time datetime="${link.body.expiresAt}">`);
    expect(res.text).toMatch(/<label for="name">Your name<\/label><input id="name" name="name"/);
    expect(res.text).toMatch(
      /<label for="email">E-mail address<\/label><input id="email" name="email" type="email"/,
    );
    expect(res.text).toContain(`<form method="post" action="${path()}"`);
    expect(res.text).not.toContain('<script');
  });

  it('is never cached nor sent as a referrer, and its token never reaches the log', async () => {
    const res = await getPage(h, path());
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('content-security-policy')).toContain("form-action 'self'");
    await postForm(h, path(), { name: 'Ann', email: 'ann@example.com' });
    expect(h.logs.some((l) => l.includes('/join/[token]'))).toBe(true);
    expect(h.logs.join('\n')).not.toContain(link.token.split('.')[1]);
  });

  it('GET and HEAD change nothing, whatever the link', async () => {
    const spent = await createLink(h, org.orgId, org.admin.token, { maxUses: 1 });
    await apply(h, spent.token, { name: 'A', email: 'a@example.com' });
    const before = await rowCounts(h);
    for (const p of [path(), `/join/${spent.token}`, '/join/nonsense', `/join/${link.token}x`]) {
      await getPage(h, p);
      const head = await getPage(h, p, 'HEAD');
      expect(head.text).toBe('');
    }
    expect(await rowCounts(h)).toEqual(before);
  });

  it('escapes HTML, quotes and emoji in the organization and inviter names', async () => {
    const evil = `<img src=x onerror=alert(1)> "Q" & 'R' 🎉`;
    await h.db.update(organizations).set({ name: evil }).where(eq(organizations.id, org.orgId));
    await h.db
      .update(users)
      .set({ name: `</strong><script>alert(2)</script>` })
      .where(eq(users.id, org.admin.id));
    const res = await getPage(h, path());
    expect(res.text).not.toContain('<img src=x');
    expect(res.text).not.toContain('<script>alert(2)');
    expect(res.text).toContain(
      '&lt;img src=x onerror=alert(1)&gt; &quot;Q&quot; &amp; &#39;R&#39; 🎉',
    );
    expect(res.text).toContain('&lt;/strong&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
  });

  it('shows clear pages for expired, revoked, used-up and unknown links (expired and used-up ones offer to ask for a new invitation)', async () => {
    const expired = await createLink(h, org.orgId, org.admin.token, { expiresInHours: 1 });
    const used = await createLink(h, org.orgId, org.admin.token, { maxUses: 1 });
    await apply(h, used.token, { name: 'A', email: 'a@example.com' });
    await h.call('DELETE', `/api/orgs/${org.orgId}/links/${link.id}`, { token: org.admin.token });
    h.clock.advance(3600_000);
    const cases: [string, number, string][] = [
      [`/join/${expired.token}`, 410, 'Invitation link expired'],
      [`/join/${link.token}`, 410, 'Invitation link turned off'],
      [`/join/${used.token}`, 410, 'Invitation link used up'],
      ['/join/not-a-token', 404, 'Invitation link not valid'],
    ];
    for (const [p, status, title] of cases) {
      const res = await getPage(h, p);
      expect(res.status, p).toBe(status);
      expect(res.text).toContain(`<h1>${title}</h1>`);
      // features/renewals/: only a link that ran out (not one turned off or unknown) offers the form.
      const offers = p.includes(expired.token) || p.includes(used.token);
      expect(res.text.includes('<form method="post" action="/renew/join/'), p).toBe(offers);
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
  });
});

describe('POST /join/:token (the form)', () => {
  it('files the application and shows the submitted page', async () => {
    const res = await postForm(h, path(), { name: 'Ann Applicant', email: 'Ann@Example.com' });
    expect(res.status).toBe(200);
    expect(res.text).toContain('<h1>Application sent</h1>');
    expect(await h.db.select().from(applications)).toMatchObject([
      { name: 'Ann Applicant', email: 'ann@example.com', status: 'pending' },
    ]);
  });

  it('says "check your e-mail" on a link without approval', async () => {
    const open = await createLink(h, org.orgId, org.admin.token, { requiresApproval: false });
    const res = await postForm(h, `/join/${open.token}`, { name: 'Ann', email: 'ann@example.com' });
    expect(res.text).toContain('<h1>Check your e-mail</h1>');
  });

  it('refuses a form posted from another origin with 403, changing nothing', async () => {
    const before = await rowCounts(h);
    const forged: Record<string, string>[] = [
      { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      { origin: 'https://evil.example' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site', origin: 'http://sub.localhost:8787' },
      { origin: 'null' },
    ];
    for (const headers of forged) {
      const res = await postForm(h, path(), { name: 'Ann', email: 'ann@example.com' }, headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(res.text).toContain('This form cannot be sent from here');
    }
    expect(await rowCounts(h)).toEqual(before);
    expect(
      (await postForm(h, path(), { name: 'Ann', email: 'ann@example.com' }, { origin: PUBLIC_URL }))
        .status,
    ).toBe(200);
  });

  it('accepts what a browser sends from the page itself under no-referrer: Origin null, Sec-Fetch-Site same-origin', async () => {
    const res = await postForm(
      h,
      path(),
      { name: 'Ann', email: 'ann@example.com' },
      { origin: 'null', 'sec-fetch-site': 'same-origin' },
    );
    expect(res.status).toBe(200);
    const forged = await postForm(
      h,
      path(),
      { name: 'Bob', email: 'bob@example.com' },
      { origin: 'null', 'sec-fetch-site': 'cross-site' },
    );
    expect(forged.status).toBe(403);
    expect(await h.db.select().from(applications)).toHaveLength(1);
  });

  it('shows what is wrong next to each field, keeping what was typed (escaped), and changes nothing', async () => {
    const before = await rowCounts(h);
    const res = await postForm(h, path(), {
      name: `<b>"Bold"</b>\r\nBcc: x`,
      email: 'not-an-address',
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain('role="alert"');
    expect(res.text).toMatch(
      /<input id="name"[^>]*aria-invalid="true" aria-describedby="name-error"/,
    );
    expect(res.text).toContain(
      '<p id="email-error" class="error">Must be a valid e-mail address</p>',
    );
    expect(res.text).toContain('value="&lt;b&gt;&quot;Bold&quot;&lt;/b&gt;');
    expect(res.text).not.toContain('<b>"Bold"');
    const long = await postForm(h, path(), { name: 'x'.repeat(10_000), email: 'ann@example.com' });
    expect(long.status).toBe(422);
    expect(long.text).toContain('Must be at most 100 characters');
    const empty = await postForm(h, path(), {});
    expect(empty.status).toBe(422);
    expect(await rowCounts(h)).toEqual(before);
  });

  it('refuses an oversized form with 413', async () => {
    const res = await postForm(h, path(), { name: 'x'.repeat(40_000), email: 'ann@example.com' });
    expect(res.status).toBe(413);
    expect(await h.db.select().from(applications)).toHaveLength(0);
  });

  it('answers already-applied, outside-domain and unusable links with their pages', async () => {
    await postForm(h, path(), { name: 'Ann', email: 'ann@example.com' });
    const twice = await postForm(h, path(), { name: 'Ann', email: 'ANN@example.com' });
    expect(twice.status).toBe(409);
    expect(twice.text).toContain('<h1>Already asked</h1>');

    await h.call('PATCH', `/api/orgs/${org.orgId}/settings`, {
      token: org.owner.token,
      body: { allowedEmailDomains: ['example.com'] },
    });
    const outside = await postForm(h, path(), { name: 'Bob', email: 'bob@other.org' });
    expect(outside.status).toBe(422);
    expect(outside.text).toContain('email-error');

    await h.call('POST', `/api/orgs/${org.orgId}/links/reset`, { token: org.admin.token });
    const revoked = await postForm(h, path(), { name: 'Cy', email: 'cy@example.com' });
    expect(revoked.status).toBe(410);
    expect(revoked.text).toContain('Invitation link turned off');
    expect(await h.db.select().from(applications)).toHaveLength(1);
  });
});
