import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { memberships } from '../../worker/src/db/schema';
import { acceptTests } from '../helpers/accept';
import type { Org } from '../helpers/fresh';
import type { Harness } from '../helpers/harness';
import { createOrg, createUser } from '../helpers/seed';

let h: Harness;
let org: Org;
const { invite, snapshot } = acceptTests((s) => ({ h, org } = s));

describe('GET /invite/:token (hosted page)', () => {
  it('shows the invitation, escaped, and opening it changes nothing', async () => {
    const other = await createUser(h, 'evil@example.com', { name: '<script>alert(1)</script>' });
    const orgId = await createOrg(h, other, 'Ev"il <Org>');
    const res = await h.call('POST', `/api/orgs/${orgId}/invitations`, {
      token: other.token,
      body: { email: 'x@example.com', role: 'member', channel: 'link' },
    });
    const token = (res.body.url as string).split('/invite/')[1]!;
    const before = await snapshot();
    const page = await h.call('GET', `/invite/${token}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.text).toContain('Ev&quot;il &lt;Org&gt;');
    expect(page.text).not.toContain('<script>alert');
    // A copied link: the page first offers to send a code to the invitation's address.
    expect(page.text).toContain(`action="/invite/${token}/code"`);
    expect((await h.call('HEAD', `/invite/${token}`)).status).toBe(200);
    expect(await snapshot()).toEqual(before);
    expect((await h.call('GET', '/invite/nope')).status).toBe(404);
  });

  it('the form accepts from its own page, and is refused from another site', async () => {
    const inv = await invite(org.owner.token, { email: 'form@example.com' });
    const form = new URLSearchParams({
      name: 'Form Person',
      password: 'a good long password',
    }).toString();
    const headers = { 'content-type': 'application/x-www-form-urlencoded' };
    const cross = await h.call('POST', `/invite/${inv.token}`, {
      raw: form,
      headers: { ...headers, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    });
    expect(cross.status).toBe(403);
    const bad = await h.call('POST', `/invite/${inv.token}`, {
      raw: 'name=&password=x',
      headers: { ...headers, origin: 'http://localhost:8787' },
    });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('aria-invalid="true"');
    expect(
      await h.db
        .select()
        .from(memberships)
        .where(and(eq(memberships.orgId, org.orgId), eq(memberships.status, 'active'))),
    ).toHaveLength(3);
    const nullCross = await h.call('POST', `/invite/${inv.token}`, {
      raw: form,
      headers: { ...headers, origin: 'null', 'sec-fetch-site': 'cross-site' },
    });
    expect(nullCross.status).toBe(403);
    // What a browser sends from the page itself under Referrer-Policy: no-referrer.
    const ok = await h.call('POST', `/invite/${inv.token}`, {
      raw: form,
      headers: { ...headers, origin: 'null', 'sec-fetch-site': 'same-origin' },
    });
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('Welcome to Acme');
    expect(ok.text).toContain('http://localhost:8787/login');
    const huge = await h.call('POST', `/invite/${inv.token}`, {
      raw: `name=${'x'.repeat(20_000)}&password=y`,
      headers: { ...headers, origin: 'http://localhost:8787' },
    });
    expect(huge.status).toBe(413);
    const again = await h.call('GET', `/invite/${inv.token}`);
    expect(again.status).toBe(410);
    expect(again.text).toContain('already accepted');
  });
});
