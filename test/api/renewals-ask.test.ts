import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditEvents, inviteLinks, renewals } from '../../worker/src/db/schema';
import { RENEWAL_LIMITS } from '../../worker/src/features/renewals/ask';
import { PUBLIC_URL, startHarness, type Harness } from '../helpers/harness';
import { createLink, getPage, postForm } from '../helpers/links';
import { HOUR, renewalRows, sendInvitation } from '../helpers/renewals';
import { orgWithRoles } from '../helpers/seed';

let h: Harness;
let acme: Awaited<ReturnType<typeof orgWithRoles>>;
beforeEach(async () => {
  h = await startHarness({ autoDeliver: false });
  acme = await orgWithRoles(h);
});
afterEach(() => h.close());

const asking = (ip: string) => ({
  origin: PUBLIC_URL,
  'sec-fetch-site': 'same-origin',
  'cf-connecting-ip': ip,
});
const SENT = 'Request sent';

async function expiredInvitation(email = 'late@example.com') {
  const inv = await sendInvitation(h, acme.orgId, acme.admin.token, email);
  h.clock.advance(73 * HOUR);
  return inv;
}

describe('an expired invitation’s page', () => {
  it('offers the form (410), in the reader’s language, with the language kept in a hidden field', async () => {
    const inv = await expiredInvitation();
    const page = await getPage(h, `/invite/${inv.linkToken}`);
    expect(page.status).toBe(410);
    expect(page.text).toContain('This invitation has expired');
    expect(page.text).toContain(`action="/renew/invite/${inv.linkToken}"`);
    expect(page.text).toContain('Ask for a new invitation');
    const ru = await getPage(h, `/invite/${inv.linkToken}?lang=ru`);
    expect(ru.text).toContain('Попросить новое приглашение');
    expect(ru.text).toContain('name="lang" value="ru"');
  });

  it('records the request for the inviter and answers "sent"', async () => {
    const inv = await expiredInvitation();
    const res = await postForm(
      h,
      `/renew/invite/${inv.linkToken}`,
      { name: 'Late Larry', email: 'Late@Example.com', lang: 'ja' },
      asking('10.1.0.1'),
    );
    expect(res.status).toBe(200);
    expect(res.text).toContain('依頼を送信しました');
    const [row] = await renewalRows(h, acme.orgId);
    expect(row).toMatchObject({
      kind: 'asked',
      name: 'Late Larry',
      email: 'late@example.com',
      ownerId: acme.admin.id,
      invitationId: inv.id,
      role: 'member',
      locale: 'ja',
      status: 'pending',
    });
    const audit = await h.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'renewal.ask'));
    expect(audit).toHaveLength(1);
  });

  it('answers the same page for a member’s address and writes nothing; asking twice writes one', async () => {
    const inv = await expiredInvitation();
    const member = await postForm(
      h,
      `/renew/invite/${inv.linkToken}`,
      { name: 'Mem Ber', email: acme.member.email },
      asking('10.1.0.2'),
    );
    const stranger = await postForm(
      h,
      `/renew/invite/${inv.linkToken}`,
      { name: 'Str Anger', email: 'stranger@example.com' },
      asking('10.1.0.3'),
    );
    expect(member.status).toBe(stranger.status);
    expect(member.text).toBe(stranger.text);
    const again = await postForm(
      h,
      `/renew/invite/${inv.linkToken}`,
      { name: 'Str Anger', email: 'stranger@example.com' },
      asking('10.1.0.4'),
    );
    expect(again.text).toBe(stranger.text);
    const rows = await renewalRows(h, acme.orgId);
    expect(rows.map((r) => r.email)).toEqual(['stranger@example.com']);
  });

  it('refuses bad input with 422 and the form again, writing nothing', async () => {
    const inv = await expiredInvitation();
    for (const fields of [
      { name: '', email: 'a@example.com' },
      { name: 'Ann', email: 'not-an-address' },
      { name: 'Visit example.com', email: 'a@example.com' },
    ]) {
      const res = await postForm(h, `/renew/invite/${inv.linkToken}`, fields, asking('10.1.0.5'));
      expect(res.status).toBe(422);
      expect(res.text).toContain('Please check the form:');
      expect(res.text).toContain('aria-invalid="true"');
    }
    expect(await renewalRows(h, acme.orgId)).toHaveLength(0);
  });

  it('refuses a form posted from another site (403), writing nothing', async () => {
    const inv = await expiredInvitation();
    const res = await postForm(
      h,
      `/renew/invite/${inv.linkToken}`,
      { name: 'Eve', email: 'eve@example.com' },
      { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    );
    expect(res.status).toBe(403);
    expect(await renewalRows(h, acme.orgId)).toHaveLength(0);
  });

  it('limits requests per invitation (429 with Retry-After), whatever the client', async () => {
    const inv = await expiredInvitation();
    for (let i = 0; i < RENEWAL_LIMITS.perInvitation; i++) {
      const ok = await postForm(
        h,
        `/renew/invite/${inv.linkToken}`,
        { name: 'Ann', email: `ann${i}@example.com` },
        asking(`10.2.0.${i}`),
      );
      expect(ok.status).toBe(200);
    }
    const refused = await postForm(
      h,
      `/renew/invite/${inv.linkToken}`,
      { name: 'Ann', email: 'extra@example.com' },
      asking('10.2.1.1'),
    );
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await renewalRows(h, acme.orgId)).toHaveLength(RENEWAL_LIMITS.perInvitation);
  });

  it('limits requests per client across invitations (429)', async () => {
    const tokens: string[] = [];
    for (let i = 0; i <= RENEWAL_LIMITS.perClient / RENEWAL_LIMITS.perInvitation; i++)
      tokens.push(
        (await sendInvitation(h, acme.orgId, acme.admin.token, `p${i}@example.com`)).linkToken,
      );
    h.clock.advance(73 * HOUR);
    let sent = 0;
    let refused = 0;
    for (const [i, token] of tokens.entries())
      for (let j = 0; j < RENEWAL_LIMITS.perInvitation; j++) {
        const res = await postForm(
          h,
          `/renew/invite/${token}`,
          { name: 'Ann', email: `c${i}-${j}@example.com` },
          asking('10.3.0.1'),
        );
        if (res.status === 200) sent++;
        else if (res.status === 429) refused++;
      }
    expect(sent).toBe(RENEWAL_LIMITS.perClient);
    expect(refused).toBeGreaterThan(0);
  });

  it('offers nothing for a pending, canceled or unknown invitation: back to its own page', async () => {
    const pending = await sendInvitation(h, acme.orgId, acme.admin.token, 'p@example.com');
    const canceled = await sendInvitation(h, acme.orgId, acme.admin.token, 'c@example.com');
    await h.call('DELETE', `/api/orgs/${acme.orgId}/invitations/${canceled.id}`, {
      token: acme.admin.token,
    });
    const canceledPage = await getPage(h, `/invite/${canceled.linkToken}`);
    expect(canceledPage.text).not.toContain('/renew/');
    for (const token of [pending.linkToken, canceled.linkToken, 'nope.nope']) {
      const res = await postForm(
        h,
        `/renew/invite/${token}`,
        { name: 'Ann', email: 'ann@example.com' },
        asking('10.4.0.1'),
      );
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe(`/invite/${token}`);
    }
    expect(await renewalRows(h, acme.orgId)).toHaveLength(0);
  });
});

describe('a spent general link’s page', () => {
  it('offers the form when expired or used up, not when revoked; the request lands with the link’s creator', async () => {
    const expired = await createLink(h, acme.orgId, acme.member.token, { expiresInHours: 1 });
    const usedUp = await createLink(h, acme.orgId, acme.admin.token, { maxUses: 1 });
    await h.db.update(inviteLinks).set({ useCount: 1 }).where(eq(inviteLinks.id, usedUp.id));
    const revoked = await createLink(h, acme.orgId, acme.admin.token);
    await h.call('DELETE', `/api/orgs/${acme.orgId}/links/${revoked.id}`, {
      token: acme.admin.token,
    });
    h.clock.advance(2 * HOUR);

    const expiredPage = await getPage(h, `/join/${expired.token}`);
    expect(expiredPage.status).toBe(410);
    expect(expiredPage.text).toContain('<h1>Invitation link expired</h1>');
    expect(expiredPage.text).toContain(`action="/renew/join/${expired.token}"`);
    const usedUpPage = await getPage(h, `/join/${usedUp.token}`);
    expect(usedUpPage.text).toContain('<h1>Invitation link used up</h1>');
    const revokedPage = await getPage(h, `/join/${revoked.token}`);
    expect(revokedPage.text).not.toContain('/renew/');

    const res = await postForm(
      h,
      `/renew/join/${expired.token}`,
      { name: 'Link Lou', email: 'lou@example.com' },
      asking('10.5.0.1'),
    );
    expect(res.text).toContain(SENT);
    const revokedAsk = await postForm(
      h,
      `/renew/join/${revoked.token}`,
      { name: 'Link Lou', email: 'lou2@example.com' },
      asking('10.5.0.2'),
    );
    expect(revokedAsk.status).toBe(303);
    const rows = await h.db.select().from(renewals);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'asked', linkId: expired.id, ownerId: acme.member.id });
  });

  it('writes nothing for an address outside the organization’s allowed domains, with the same answer', async () => {
    await h.call('PATCH', `/api/orgs/${acme.orgId}/settings`, {
      token: acme.owner.token,
      body: { allowedEmailDomains: ['acme.test'] },
    });
    const link = await createLink(h, acme.orgId, acme.admin.token, { expiresInHours: 1 });
    h.clock.advance(2 * HOUR);
    const outside = await postForm(
      h,
      `/renew/join/${link.token}`,
      { name: 'Out Sider', email: 'out@example.com' },
      asking('10.6.0.1'),
    );
    const inside = await postForm(
      h,
      `/renew/join/${link.token}`,
      { name: 'In Sider', email: 'in@acme.test' },
      asking('10.6.0.2'),
    );
    expect(outside.text).toBe(inside.text);
    expect((await renewalRows(h, acme.orgId)).map((r) => r.email)).toEqual(['in@acme.test']);
  });
});
