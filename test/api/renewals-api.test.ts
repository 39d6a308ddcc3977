import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditEvents, invitations, renewals } from '../../worker/src/db/schema';
import { newId } from '../../worker/src/lib/ids';
import { PUBLIC_URL, startHarness, type Harness } from '../helpers/harness';
import { messagesTo } from '../helpers/invitations';
import { createLink, postForm } from '../helpers/links';
import { HOUR, maintain, renewalRows, sendInvitation } from '../helpers/renewals';
import { acmeAndOutsider, type orgWithRoles } from '../helpers/seed';

let h: Harness;
let acme: Awaited<ReturnType<typeof orgWithRoles>>;
let outsider: Awaited<ReturnType<typeof acmeAndOutsider>>['outsider'];
beforeEach(async () => {
  h = await startHarness({ autoDeliver: false });
  ({ acme, outsider } = await acmeAndOutsider(h));
});
afterEach(() => h.close());

const base = () => `/api/orgs/${acme.orgId}/renewals`;

/** A request asked from the page of an expired link made by `token`'s holder. */
async function askedThroughLink(token: string, email: string) {
  const link = await createLink(h, acme.orgId, token, { expiresInHours: 1 });
  h.clock.advance(2 * HOUR);
  const res = await postForm(
    h,
    `/renew/join/${link.token}`,
    { name: 'Asker Person', email },
    {
      origin: PUBLIC_URL,
      'sec-fetch-site': 'same-origin',
      'cf-connecting-ip': `10.9.${email.length}.1`,
    },
  );
  expect(res.status).toBe(200);
  const [row] = (await renewalRows(h, acme.orgId)).filter((r) => r.email === email);
  return row!;
}

describe('who sees renewals', () => {
  it('owners and admins see all; a member only those of their own links and invitations', async () => {
    const mine = await askedThroughLink(acme.member.token, 'm@example.com');
    const admins = await askedThroughLink(acme.admin.token, 'a@example.com');
    const list = (token: string) => h.call('GET', `${base()}?status=pending`, { token });
    for (const token of [acme.owner.token, acme.admin.token]) {
      const res = await list(token);
      expect(res.status).toBe(200);
      expect(res.body.items.map((r: { id: string }) => r.id).sort()).toEqual(
        [mine.id, admins.id].sort(),
      );
    }
    const member = await list(acme.member.token);
    expect(member.body.items).toHaveLength(1);
    expect(member.body.items[0]).toMatchObject({
      id: mine.id,
      kind: 'asked',
      name: 'Asker Person',
      email: 'm@example.com',
      status: 'pending',
      owner: { id: acme.member.id },
    });
  });

  it('an outsider gets 404 and no sign-in 401', async () => {
    await askedThroughLink(acme.admin.token, 'a@example.com');
    expect((await h.call('GET', base(), { token: outsider.token })).status).toBe(404);
    expect((await h.call('GET', base())).status).toBe(401);
  });

  it('pages newest first with a cursor; a bad cursor or status is 422', async () => {
    for (let i = 0; i < 3; i++) {
      await h.db.insert(renewals).values({
        id: newId(),
        orgId: acme.orgId,
        kind: 'asked',
        ownerId: acme.admin.id,
        name: `P${i}`,
        email: `p${i}@example.com`,
        role: 'member',
        status: 'pending',
        createdAt: h.clock.now() + i,
      });
    }
    const first = await h.call('GET', `${base()}?limit=2`, { token: acme.admin.token });
    expect(first.body.items.map((r: { name: string }) => r.name)).toEqual(['P2', 'P1']);
    const next = await h.call('GET', `${base()}?limit=2&cursor=${first.body.nextCursor}`, {
      token: acme.admin.token,
    });
    expect(next.body.items.map((r: { name: string }) => r.name)).toEqual(['P0']);
    expect(next.body.nextCursor).toBeNull();
    for (const q of ['cursor=garbage', 'status=maybe', 'kind=other', 'limit=1000']) {
      const res = await h.call('GET', `${base()}?${q}`, { token: acme.admin.token });
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('invalid_input');
    }
  });
});

describe('renewing with a new invitation', () => {
  it('sends a personal invitation to the address as the caller, settles the renewal, and audits it', async () => {
    const r = await askedThroughLink(acme.member.token, 'lou@example.com');
    const res = await h.call('POST', `${base()}/${r.id}/invite`, { token: acme.admin.token });
    expect(res.status).toBe(200);
    expect(res.body.renewal).toMatchObject({
      id: r.id,
      status: 'invited',
      decidedBy: { id: acme.admin.id },
      newInvitationId: res.body.invitation.id,
    });
    expect(res.body.invitation).toMatchObject({
      email: 'lou@example.com',
      role: 'member',
      status: 'pending',
      createdBy: { id: acme.admin.id },
    });
    await h.services.outbox.kick();
    const [mail] = await messagesTo(h, 'lou@example.com');
    expect(mail!.subject).toBe('Invitation to join “Acme”');
    const audit = await h.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'renewal.invite'));
    expect(audit).toHaveLength(1);
  });

  it('twice → 409 already_reviewed, with no second invitation', async () => {
    const r = await askedThroughLink(acme.admin.token, 'twice@example.com');
    expect(
      (await h.call('POST', `${base()}/${r.id}/invite`, { token: acme.admin.token })).status,
    ).toBe(200);
    const again = await h.call('POST', `${base()}/${r.id}/invite`, { token: acme.owner.token });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('already_reviewed');
    const dismiss = await h.call('POST', `${base()}/${r.id}/dismiss`, { token: acme.owner.token });
    expect(dismiss.status).toBe(409);
    const sent = await h.db
      .select()
      .from(invitations)
      .where(eq(invitations.email, 'twice@example.com'));
    expect(sent).toHaveLength(1);
  });

  it('a member may see their request but not invite (403), and nothing changes', async () => {
    const r = await askedThroughLink(acme.member.token, 'mem@example.com');
    const res = await h.call('POST', `${base()}/${r.id}/invite`, { token: acme.member.token });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
    const [after] = (await renewalRows(h, acme.orgId)).filter((x) => x.id === r.id);
    expect(after!.status).toBe('pending');
  });

  it('an admin may not renew an owner’s invitation (403); the owner may', async () => {
    const inv = await sendInvitation(
      h,
      acme.orgId,
      acme.owner.token,
      'co-owner@example.com',
      'owner',
    );
    h.clock.advance(73 * HOUR);
    await maintain(h);
    const [r] = (await renewalRows(h, acme.orgId)).filter((x) => x.invitationId === inv.id);
    expect(r).toMatchObject({ kind: 'expired', role: 'owner' });
    const admin = await h.call('POST', `${base()}/${r!.id}/invite`, { token: acme.admin.token });
    expect(admin.status).toBe(403);
    const owner = await h.call('POST', `${base()}/${r!.id}/invite`, { token: acme.owner.token });
    expect(owner.status).toBe(200);
    expect(owner.body.invitation.role).toBe('owner');
  });

  it('an address that has meanwhile become a member → 409 already_member, renewal still pending', async () => {
    const r = await askedThroughLink(acme.admin.token, 'joiner@example.com');
    await h.db.update(renewals).set({ email: acme.member.email }).where(eq(renewals.id, r.id));
    const res = await h.call('POST', `${base()}/${r.id}/invite`, { token: acme.admin.token });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('already_member');
    const [after] = (await renewalRows(h, acme.orgId)).filter((x) => x.id === r.id);
    expect(after!.status).toBe('pending');
  });

  it('settles the address’s other open renewals with the same invitation', async () => {
    const inv = await sendInvitation(h, acme.orgId, acme.admin.token, 'both@example.com');
    h.clock.advance(73 * HOUR);
    await maintain(h);
    await postForm(
      h,
      `/renew/invite/${inv.linkToken}`,
      { name: 'Both Ways', email: 'both@example.com' },
      { origin: PUBLIC_URL, 'sec-fetch-site': 'same-origin' },
    );
    const rows = await renewalRows(h, acme.orgId);
    expect(rows.map((x) => x.kind).sort()).toEqual(['asked', 'expired']);
    const res = await h.call('POST', `${base()}/${rows[0]!.id}/invite`, {
      token: acme.admin.token,
    });
    expect(res.status).toBe(200);
    const after = await renewalRows(h, acme.orgId);
    expect(after.map((x) => x.status)).toEqual(['invited', 'invited']);
  });
});

it('two clicks at once: one invitation and one 409', async () => {
  const r = await askedThroughLink(acme.admin.token, 'race@example.com');
  const [a, b] = await Promise.all([
    h.call('POST', `${base()}/${r.id}/invite`, { token: acme.admin.token }),
    h.call('POST', `${base()}/${r.id}/invite`, { token: acme.owner.token }),
  ]);
  expect([a.status, b.status].sort()).toEqual([200, 409]);
  const sent = await h.db
    .select()
    .from(invitations)
    .where(eq(invitations.email, 'race@example.com'));
  expect(sent).toHaveLength(1);
});

describe('dismissing', () => {
  it('the owner of the link may dismiss their own; twice → 409', async () => {
    const r = await askedThroughLink(acme.member.token, 'dis@example.com');
    const res = await h.call('POST', `${base()}/${r.id}/dismiss`, { token: acme.member.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: r.id,
      status: 'dismissed',
      decidedBy: { id: acme.member.id },
    });
    const again = await h.call('POST', `${base()}/${r.id}/dismiss`, { token: acme.member.token });
    expect(again.status).toBe(409);
    expect(
      await h.db.select().from(auditEvents).where(eq(auditEvents.action, 'renewal.dismiss')),
    ).toHaveLength(1);
  });

  it('another member’s renewal, an unknown id or another organization’s → 404, nothing changed', async () => {
    const r = await askedThroughLink(acme.admin.token, 'nope@example.com');
    const other = await h.call('POST', `${base()}/${r.id}/dismiss`, { token: acme.member.token });
    expect(other.status).toBe(404);
    expect(
      (await h.call('POST', `${base()}/${r.id}/invite`, { token: acme.member.token })).status,
    ).toBe(404);
    expect(
      (await h.call('POST', `${base()}/unknownid/dismiss`, { token: acme.admin.token })).status,
    ).toBe(404);
    expect(
      (await h.call('POST', `${base()}/bad id!/dismiss`, { token: acme.admin.token })).status,
    ).toBe(422);
    expect(
      (await h.call('POST', `${base()}/${r.id}/dismiss`, { token: outsider.token })).status,
    ).toBe(404);
    const [after] = (await renewalRows(h, acme.orgId)).filter((x) => x.id === r.id);
    expect(after!.status).toBe('pending');
  });
});
