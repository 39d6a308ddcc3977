import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditEvents, inviteLinks, renewals } from '../../worker/src/db/schema';
import { RENEWAL_LIMITS } from '../../worker/src/features/renewals/ask';
import { PUBLIC_URL, startHarness, type Harness } from '../helpers/harness';
import { createLink, getPage, postForm } from '../helpers/links';
import { HOUR, renewalRows, sendInvitation } from '../helpers/renewals';
import { addMember, createUser, orgWithRoles } from '../helpers/seed';
import { linkToken, messagesTo } from '../helpers/invitations';

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

/** The token of the SMS invitation just sent to `phone`, from the local mailbox. */
async function smsInvitationToken(h: Harness, phone: string) {
  await h.services.outbox.kick();
  const [sms] = (await messagesTo(h, phone)).slice(-1);
  return linkToken(sms!.text ?? '', 'invite');
}

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

  it('asks for the address the invitation went to, whatever address is typed: its holder can never have it sent elsewhere', async () => {
    const inv = await expiredInvitation('late@example.com');
    const page = await getPage(h, `/invite/${inv.linkToken}`);
    expect(page.text).toContain('name="name"');
    expect(page.text).not.toContain('name="email"');
    const res = await postForm(
      h,
      `/renew/invite/${inv.linkToken}`,
      { name: 'Mallory', email: 'mallory@evil.example' },
      asking('10.1.0.2'),
    );
    expect(res.status).toBe(200);
    expect(res.text).toContain('a new invitation would go where this one went');
    const rows = await renewalRows(h, acme.orgId);
    expect(rows.map((r) => [r.name, r.email])).toEqual([['Mallory', 'late@example.com']]);
    expect(JSON.stringify(rows)).not.toContain('evil.example');
    // Asking again while that request is open writes nothing more, and answers the same.
    const again = await postForm(
      h,
      `/renew/invite/${inv.linkToken}`,
      { name: 'Late' },
      asking('10.1.0.3'),
    );
    expect(again.text).toBe(res.text);
    expect(await renewalRows(h, acme.orgId)).toHaveLength(1);
  });

  it('writes nothing once the invitation’s address has become a member, and answers the same', async () => {
    const inv = await expiredInvitation('later@example.com');
    const other = await expiredInvitation('someone@example.com');
    // Joined another way since (added by an admin).
    await addMember(h, acme.orgId, await createUser(h, 'later@example.com'), 'member');
    const member = await postForm(
      h,
      `/renew/invite/${inv.linkToken}`,
      { name: 'Mem' },
      asking('10.1.0.6'),
    );
    const stranger = await postForm(
      h,
      `/renew/invite/${other.linkToken}`,
      { name: 'Som' },
      asking('10.1.0.7'),
    );
    expect(member.status).toBe(200);
    expect(member.text).toBe(stranger.text);
    expect((await renewalRows(h, acme.orgId)).map((r) => r.email)).toEqual(['someone@example.com']);
  });

  it('renews an SMS invitation to its phone number', async () => {
    const res = await h.call('POST', `/api/orgs/${acme.orgId}/invitations`, {
      token: acme.admin.token,
      body: { phone: '+14155550123', channel: 'sms', role: 'member' },
    });
    expect(res.status).toBe(201);
    const token = await smsInvitationToken(h, '+14155550123');
    h.clock.advance(73 * HOUR);
    expect(
      (await postForm(h, `/renew/invite/${token}`, { name: 'Pat' }, asking('10.1.0.8'))).status,
    ).toBe(200);
    const [row] = await renewalRows(h, acme.orgId);
    expect(row).toMatchObject({ email: null, phone: '+14155550123', name: 'Pat' });
    await postForm(h, `/renew/invite/${token}`, { name: 'Pat' }, asking('10.1.0.9'));
    expect(await renewalRows(h, acme.orgId)).toHaveLength(1);
  });

  it('refuses bad input with 422 and the form again, writing nothing', async () => {
    const inv = await expiredInvitation();
    for (const fields of [{ name: '' }, { name: 'Visit example.com' }, { name: 'x'.repeat(101) }]) {
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
    // One open request for the invitation's one address.
    expect(await renewalRows(h, acme.orgId)).toHaveLength(1);
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

  it('counts an IPv6 client by its /64: other addresses of the same network share its limit', async () => {
    const tokens: string[] = [];
    for (let i = 0; i <= RENEWAL_LIMITS.perClient; i++)
      tokens.push(
        (await sendInvitation(h, acme.orgId, acme.admin.token, `v6-${i}@example.com`)).linkToken,
      );
    h.clock.advance(73 * HOUR);
    const statuses: number[] = [];
    for (const [i, token] of tokens.entries())
      statuses.push(
        (
          await postForm(
            h,
            `/renew/invite/${token}`,
            { name: 'Ann' },
            asking(`2001:db8:77:1:${(i + 1).toString(16)}::${i + 7}`),
          )
        ).status,
      );
    expect(statuses.filter((x) => x === 200)).toHaveLength(RENEWAL_LIMITS.perClient);
    expect(statuses.at(-1)).toBe(429);
    // Another /64 is another client.
    expect(
      (
        await postForm(
          h,
          `/renew/invite/${tokens.at(-1)}`,
          { name: 'Ann' },
          asking('2001:db8:77:2::1'),
        )
      ).status,
    ).toBe(200);
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
