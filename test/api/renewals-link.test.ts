/**
 * Renewing with a fresh general link (POST /api/orgs/:org/renewals/:id/link): made by the caller
 * within the link rules, like the spent one, for one use, e-mailed to whoever asked in their
 * language; decided once.
 */
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditEvents, inviteLinks, outbox, renewals } from '../../worker/src/db/schema';
import { PUBLIC_URL, startHarness, type Harness } from '../helpers/harness';
import { messagesTo } from '../helpers/invitations';
import { createLink, postForm } from '../helpers/links';
import { HOUR, maintain, renewalRows, sendInvitation } from '../helpers/renewals';
import { orgWithRoles } from '../helpers/seed';

let h: Harness;
let acme: Awaited<ReturnType<typeof orgWithRoles>>;
beforeEach(async () => {
  h = await startHarness({ autoDeliver: false });
  acme = await orgWithRoles(h);
});
afterEach(() => h.close());

const base = () => `/api/orgs/${acme.orgId}/renewals`;
const sendLink = (id: string, token: string) => h.call('POST', `${base()}/${id}/link`, { token });

/** A request asked (in `lang`) from the page of an expired link made by `token`'s holder. */
async function asked(token: string, email: string, link: Record<string, unknown> = {}, lang = '') {
  const made = await createLink(h, acme.orgId, token, { expiresInHours: 1, ...link });
  h.clock.advance(2 * HOUR);
  const res = await postForm(
    h,
    `/renew/join/${made.token}`,
    { name: 'Asker Person', email, ...(lang ? { lang } : {}) },
    {
      origin: PUBLIC_URL,
      'sec-fetch-site': 'same-origin',
      'cf-connecting-ip': `10.8.${email.length}.1`,
    },
  );
  expect(res.status).toBe(200);
  return (await renewalRows(h, acme.orgId)).find((r) => r.email === email && r.kind === 'asked')!;
}

const links = () => h.db.select().from(inviteLinks).where(eq(inviteLinks.orgId, acme.orgId));
const pending = async (id: string) =>
  (await h.db.select().from(renewals).where(eq(renewals.id, id)))[0]!.status === 'pending';

describe('a fresh link', () => {
  it('is made by the caller like the spent one, for one use, and e-mailed to the asker', async () => {
    const r = await asked(acme.admin.token, 'fresh@example.com', {
      role: 'admin',
      requiresApproval: false,
    });
    const res = await sendLink(r.id, acme.owner.token);
    expect(res.status).toBe(200);
    expect(res.body.renewal).toMatchObject({
      id: r.id,
      status: 'invited',
      decidedBy: { id: acme.owner.id },
      newLinkId: res.body.link.id,
    });
    expect(res.body.link).toMatchObject({
      role: 'admin',
      requiresApproval: false,
      maxUses: 1,
      status: 'active',
    });
    // Valid as long as a personal invitation (72 h by default).
    expect(Date.parse(res.body.link.expiresAt)).toBe(h.clock.now() + 72 * HOUR);
    await h.services.outbox.kick();
    const [mail] = await messagesTo(h, 'fresh@example.com');
    expect(mail!.subject).toBe('Your new invitation link to join “Acme”');
    expect(mail!.text).toContain(res.body.link.url);
    const page = await h.request(new URL(res.body.link.url).pathname);
    expect(page.status).toBe(200);
    const audit = await h.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'renewal.link'));
    expect(audit).toHaveLength(1);
  });

  it('speaks the language the person asked in', async () => {
    const r = await asked(acme.admin.token, 'jp@example.com', {}, 'ja');
    expect((await sendLink(r.id, acme.admin.token)).status).toBe(200);
    await h.services.outbox.kick();
    const [mail] = await messagesTo(h, 'jp@example.com');
    expect(mail!.subject).toBe('「Acme」への新しい招待リンク');
  });

  it('for an expired invitation: its role, without approval, within linkMaxTtlHours', async () => {
    await h.call('PATCH', `/api/orgs/${acme.orgId}/settings`, {
      token: acme.owner.token,
      body: { linkMaxTtlHours: 10 },
    });
    await sendInvitation(h, acme.orgId, acme.admin.token, 'late@example.com', 'admin');
    h.clock.advance(73 * HOUR);
    await maintain(h);
    const [r] = await renewalRows(h, acme.orgId);
    const res = await sendLink(r!.id, acme.admin.token);
    expect(res.status).toBe(200);
    expect(res.body.link).toMatchObject({ role: 'admin', requiresApproval: false, maxUses: 1 });
    expect(Date.parse(res.body.link.expiresAt)).toBe(h.clock.now() + 10 * HOUR);
  });

  it('a second decision → 409 already_reviewed, with no second link or mail', async () => {
    const r = await asked(acme.admin.token, 'twice@example.com');
    const before = (await links()).length;
    expect((await sendLink(r.id, acme.admin.token)).status).toBe(200);
    for (const path of ['link', 'invite', 'dismiss']) {
      const again = await h.call('POST', `${base()}/${r.id}/${path}`, { token: acme.owner.token });
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('already_reviewed');
    }
    expect((await links()).length).toBe(before + 1);
    await h.services.outbox.kick();
    expect(await messagesTo(h, 'twice@example.com')).toHaveLength(1);
  });

  it('two clicks at once: one link and one 409', async () => {
    const r = await asked(acme.admin.token, 'race@example.com');
    const before = (await links()).length;
    const [a, b] = await Promise.all([
      sendLink(r.id, acme.admin.token),
      sendLink(r.id, acme.owner.token),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect((await links()).length).toBe(before + 1);
  });
});

describe('who may send one', () => {
  it('a member, for their own link’s request: a member link, with approval as the organization asks', async () => {
    const r = await asked(acme.member.token, 'mine@example.com');
    const res = await sendLink(r.id, acme.member.token);
    expect(res.status).toBe(200);
    expect(res.body.link).toMatchObject({
      role: 'member',
      requiresApproval: true,
      departmentId: null,
    });
    expect(res.body.link.createdBy).toMatchObject({ id: acme.member.id });
  });

  it('settles only the address’s other renewals the caller may see and that ask for no more than it grants', async () => {
    // The owner's notice: an owner invitation to x@ expired unaccepted.
    await sendInvitation(h, acme.orgId, acme.owner.token, 'x@example.com', 'owner');
    h.clock.advance(73 * HOUR);
    await maintain(h);
    // The admin's notice: a member invitation to x@ expired too.
    await sendInvitation(h, acme.orgId, acme.admin.token, 'x@example.com', 'member');
    h.clock.advance(73 * HOUR);
    await maintain(h);
    // Someone asks on the admin's spent admin link with x@.
    const ask = await asked(acme.admin.token, 'x@example.com', { role: 'admin' });
    expect(ask.role).toBe('admin');
    expect((await sendLink(ask.id, acme.admin.token)).status).toBe(200);
    const status = Object.fromEntries(
      (await renewalRows(h, acme.orgId)).map((r) => [`${r.kind}:${r.role}`, r.status]),
    );
    expect(status).toEqual({
      'asked:admin': 'invited',
      'expired:member': 'invited',
      // An admin-role link answers no request for an owner invitation: still the owner's to decide.
      'expired:owner': 'pending',
    });
  });

  it('a member’s link settles only the member’s own requests, never another’s notice for the address', async () => {
    await sendInvitation(h, acme.orgId, acme.owner.token, 'y@example.com', 'member');
    h.clock.advance(73 * HOUR);
    await maintain(h);
    const ask = await asked(acme.member.token, 'y@example.com');
    expect((await sendLink(ask.id, acme.member.token)).status).toBe(200);
    const rows = await renewalRows(h, acme.orgId);
    expect(rows.find((r) => r.kind === 'expired')).toMatchObject({
      ownerId: acme.owner.id,
      status: 'pending',
      decidedBy: null,
    });
  });

  it('what a member sends to an address a stranger typed counts toward the public budget, never the admins’', async () => {
    const mine = await asked(acme.member.token, 'typed@example.com');
    expect((await sendLink(mine.id, acme.member.token)).status).toBe(200);
    const theirs = await asked(acme.admin.token, 'other@example.com');
    expect((await sendLink(theirs.id, acme.admin.token)).status).toBe(200);
    const rows = await h.db.select().from(outbox).where(eq(outbox.kind, 'renewal_link'));
    expect(Object.fromEntries(rows.map((r) => [r.recipient, r.byPublic]))).toEqual({
      'typed@example.com': true,
      'other@example.com': false,
    });
  });

  it('not a member when the organization turned members’ links off (403), nothing changed', async () => {
    const r = await asked(acme.member.token, 'off@example.com');
    await h.call('PATCH', `/api/orgs/${acme.orgId}/settings`, {
      token: acme.owner.token,
      body: { allowMemberLinks: false },
    });
    const before = (await links()).length;
    const res = await sendLink(r.id, acme.member.token);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
    expect(await pending(r.id)).toBe(true);
    expect((await links()).length).toBe(before);
  });

  it('not a member for a link that grants more than a member link may (403)', async () => {
    const r = await asked(acme.member.token, 'more@example.com');
    await h.db.update(renewals).set({ role: 'admin' }).where(eq(renewals.id, r.id));
    const res = await sendLink(r.id, acme.member.token);
    expect(res.status).toBe(403);
    expect(await pending(r.id)).toBe(true);
  });

  it('nobody for an owner’s invitation: a link never makes an owner (403)', async () => {
    await sendInvitation(h, acme.orgId, acme.owner.token, 'co@example.com', 'owner');
    h.clock.advance(73 * HOUR);
    await maintain(h);
    const [r] = await renewalRows(h, acme.orgId);
    const res = await sendLink(r!.id, acme.owner.token);
    expect(res.status).toBe(403);
    expect(await pending(r!.id)).toBe(true);
  });

  it('another member’s request → 404; no address to mail → 422; a member meanwhile → 409', async () => {
    const r = await asked(acme.admin.token, 'other@example.com');
    expect((await sendLink(r.id, acme.member.token)).status).toBe(404);
    await h.db
      .update(renewals)
      .set({ email: null, phone: '+14155550100' })
      .where(eq(renewals.id, r.id));
    const none = await sendLink(r.id, acme.admin.token);
    expect(none.status).toBe(422);
    expect(none.body.error.code).toBe('invalid_input');
    await h.db.update(renewals).set({ email: acme.member.email }).where(eq(renewals.id, r.id));
    const member = await sendLink(r.id, acme.admin.token);
    expect(member.status).toBe(409);
    expect(member.body.error.code).toBe('already_member');
    expect(await pending(r.id)).toBe(true);
  });
});
