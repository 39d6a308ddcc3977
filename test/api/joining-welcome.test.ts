import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { applications, auditEvents, memberships } from '../../worker/src/db/schema';
import type { Org } from '../helpers/fresh';
import type { Harness } from '../helpers/harness';
import { joining } from '../helpers/joining';
import { apply, createLink, getPage, linkIn, mailTo, postForm, rowCounts } from '../helpers/links';
import { createUser, PASSWORD } from '../helpers/seed';

let h: Harness;
let org: Org;
const { membershipOf, appliedAndApproved } = joining((s) => ({ h, org } = s));

describe('joining with an existing account', () => {
  it('gets a confirm-joining link; the page changes nothing; the button activates the membership once', async () => {
    const bob = await createUser(h, 'bob@example.com', { name: 'Bob' });
    const { mail } = await appliedAndApproved('bob@example.com', 'Bob');
    expect(mail.text).not.toContain('/set-password/');
    const confirm = linkIn(mail, '/confirm/');
    const before = await rowCounts(h);
    const page = await getPage(h, confirm);
    expect(page.text).toContain('<button type="submit">Confirm joining</button>');
    expect(await rowCounts(h)).toEqual(before);
    expect((await membershipOf(bob.id))!.status).toBe('pending');
    expect((await h.call('GET', `/api/orgs/${org.orgId}`, { token: bob.token })).status).toBe(404);
    expect((await postForm(h, confirm, {}, { origin: 'https://evil.example' })).status).toBe(403);

    const done = await postForm(h, confirm, {});
    expect(done.status).toBe(200);
    expect(done.text).toContain('You joined Acme');
    expect((await membershipOf(bob.id))!.status).toBe('active');
    expect((await h.call('GET', `/api/orgs/${org.orgId}`, { token: bob.token })).status).toBe(200);
    expect(
      (
        await h.call('POST', '/api/auth/login', {
          body: { email: 'bob@example.com', password: PASSWORD },
        })
      ).status,
    ).toBe(200);
    expect((await postForm(h, confirm, {})).status).toBe(410);
  });
});

describe('a link without approval', () => {
  it('approves at once: system review, pending membership with the link role, welcome queued', async () => {
    const link = await createLink(h, org.orgId, org.admin.token, {
      requiresApproval: false,
      role: 'admin',
    });
    const res = await apply(h, link.token, { name: 'Quick Joiner', email: 'quick@example.com' });
    expect(res.body).toEqual({ status: 'approved' });
    const [app] = await h.db
      .select()
      .from(applications)
      .where(eq(applications.email, 'quick@example.com'));
    expect(app).toMatchObject({ status: 'approved', reviewerId: null });
    expect(await membershipOf(app!.userId!)).toMatchObject({ role: 'admin', status: 'pending' });
    expect(
      await h.db.select().from(auditEvents).where(eq(auditEvents.action, 'application.approve')),
    ).toMatchObject([{ actorId: null, detail: { by: 'system' } }]);
    const [mail] = await mailTo(h, 'quick@example.com');
    expect(mail!.text).toContain('/set-password/');
  });
});

describe('the welcome message', () => {
  it('escapes the name in its HTML and is skipped when the membership was removed before delivery', async () => {
    const link = await createLink(h, org.orgId, org.admin.token, { requiresApproval: false });
    await apply(h, link.token, { name: `<i>Ann</i> "A" 🎉`, email: 'ann@example.com' });
    const [mail] = await mailTo(h, 'ann@example.com');
    expect(mail!.html).toContain('&lt;i&gt;Ann&lt;/i&gt; &quot;A&quot; 🎉');
    expect(mail!.html).not.toContain('<i>Ann');

    await apply(h, link.token, { name: 'Gone', email: 'gone@example.com' });
    const [app] = await h.db
      .select()
      .from(applications)
      .where(eq(applications.email, 'gone@example.com'));
    await h.db.delete(memberships).where(eq(memberships.userId, app!.userId!));
    expect(await mailTo(h, 'gone@example.com')).toHaveLength(0);
  });
});
