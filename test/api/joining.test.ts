import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  actionTokens,
  applications,
  auditEvents,
  memberships,
  users,
} from '../../worker/src/db/schema';
import { startHarness, type Harness } from '../helpers/harness';
import { apply, createLink, getPage, linkIn, mailTo, postForm, rowCounts } from '../helpers/links';
import { createUser, orgWithRoles, PASSWORD } from '../helpers/seed';

let h: Harness;
let org: Awaited<ReturnType<typeof orgWithRoles>>;
beforeEach(async () => {
  h = await startHarness();
  org = await orgWithRoles(h);
});
afterEach(() => h.close());

const NEW_PASSWORD = 'a long new password';
const apps = () => `/api/orgs/${org.orgId}/applications`;
const membershipOf = async (userId: string) =>
  (
    await h.db
      .select()
      .from(memberships)
      .where(and(eq(memberships.orgId, org.orgId), eq(memberships.userId, userId)))
  )[0];

/** Applies on the page, has the admin approve, and answers the welcome message. */
async function appliedAndApproved(
  email: string,
  name = 'Ann Applicant',
  linkBody: Record<string, unknown> = {},
) {
  const link = await createLink(h, org.orgId, org.admin.token, linkBody);
  expect((await postForm(h, `/join/${link.token}`, { name, email })).status).toBe(200);
  const [app] = await h.db.select().from(applications).where(eq(applications.email, email));
  if (app!.status === 'pending')
    expect(
      (await h.call('POST', `${apps()}/${app!.id}/approve`, { token: org.admin.token })).status,
    ).toBe(200);
  const mail = await mailTo(h, email);
  expect(mail).toHaveLength(1);
  return { link, app: app!, mail: mail[0]! };
}

describe('done: from a link with approval to an active member of its department', () => {
  it('apply on the page, approval through the API, welcome in the mailbox, password set, signed in', async () => {
    const dep = await h.call('POST', `/api/orgs/${org.orgId}/departments`, {
      token: org.admin.token,
      body: { name: 'Field team' },
    });
    const { mail } = await appliedAndApproved('ann@example.com', 'Ann Applicant', {
      departmentId: dep.body.id,
      requiresApproval: true,
    });
    expect(mail.subject).toBe('Welcome to Acme');
    expect(mail.text).toContain('Login address: http://localhost:8787/login');
    expect(mail.text).toContain('Login account: ann@example.com');
    const setPassword = linkIn(mail, '/set-password/');

    const before = await rowCounts(h);
    const page = await getPage(h, setPassword);
    expect(page.status).toBe(200);
    expect(page.text).toContain('ann@example.com');
    expect(page.text).toMatch(/<label for="newPassword">/);
    expect(await rowCounts(h)).toEqual(before);

    const done = await postForm(h, setPassword, {
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    expect(done.status).toBe(200);
    expect(done.text).toContain('You are now a member of Acme');

    const login = await h.call('POST', '/api/auth/login', {
      body: { email: 'ann@example.com', password: NEW_PASSWORD },
    });
    expect(login.status).toBe(200);
    expect(login.body.memberships).toEqual([{ orgId: org.orgId, orgName: 'Acme', role: 'member' }]);
    expect(await membershipOf(login.body.user.id)).toMatchObject({
      status: 'active',
      departmentId: dep.body.id,
      source: 'link',
    });
    expect(
      (await h.call('GET', `/api/orgs/${org.orgId}`, { token: login.body.token })).status,
    ).toBe(200);
  });
});

describe('the set-password link', () => {
  it('works once: a second use, or two at the same time, answer "already used"', async () => {
    const { mail } = await appliedAndApproved('ann@example.com');
    const path = linkIn(mail, '/set-password/');
    const [first, second] = await Promise.all([
      postForm(h, path, { newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD }),
      postForm(h, path, {
        newPassword: 'another password!!',
        confirmPassword: 'another password!!',
      }),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 410]);
    const winner = first.status === 200 ? NEW_PASSWORD : 'another password!!';
    const loser = first.status === 200 ? 'another password!!' : NEW_PASSWORD;
    expect(
      (
        await h.call('POST', '/api/auth/login', {
          body: { email: 'ann@example.com', password: winner },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await h.call('POST', '/api/auth/login', {
          body: { email: 'ann@example.com', password: loser },
        })
      ).status,
    ).toBe(401);
    const again = await postForm(h, path, {
      newPassword: 'yet another one!',
      confirmPassword: 'yet another one!',
    });
    expect(again.status).toBe(410);
    expect(again.text).toContain('already been used');
    expect((await getPage(h, path)).status).toBe(410);
  });

  it('expires, refuses weak or mismatched passwords, and refuses other origins, changing nothing', async () => {
    const { mail } = await appliedAndApproved('ann@example.com');
    const path = linkIn(mail, '/set-password/');
    const before = await rowCounts(h);
    const short = await postForm(h, path, { newPassword: 'short', confirmPassword: 'short' });
    expect(short.status).toBe(422);
    expect(short.text).toContain('newPassword-error');
    const mismatch = await postForm(h, path, {
      newPassword: NEW_PASSWORD,
      confirmPassword: `${NEW_PASSWORD}!`,
    });
    expect(mismatch.text).toContain('Does not match the new password');
    const forged = await postForm(
      h,
      path,
      { newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD },
      { origin: 'https://evil.example' },
    );
    expect(forged.status).toBe(403);
    expect(await rowCounts(h)).toEqual(before);
    for (const bad of [`${path}x`, path.slice(0, -3), '/set-password/nope'])
      expect((await getPage(h, bad)).status).toBe(404);
    h.clock.advance(72 * 3600_000);
    const late = await postForm(h, path, {
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    expect(late.status).toBe(410);
    expect(late.text).toContain('expired');
  });
});

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

describe('sendInitialPassword', () => {
  beforeEach(async () => {
    await h.call('PATCH', `/api/orgs/${org.orgId}/settings`, {
      token: org.owner.token,
      body: { sendInitialPassword: true, inviteTtlHours: 48 },
    });
  });

  it('the welcome carries a random initial password, stored nowhere; signing in with it activates and asks for a new one', async () => {
    const { mail } = await appliedAndApproved('ann@example.com');
    const initial = /Initial password: (\S+)/.exec(mail.text)![1]!;
    expect(initial).toMatch(/^[0-9a-z]{24}$/);
    expect(mail.text).not.toMatch(/\/set-password\/|\/confirm\//);
    expect(mail.text).toContain('Login address: http://localhost:8787/login');
    const [user] = await h.db.select().from(users).where(eq(users.email, 'ann@example.com'));
    expect(user!.passwordHash).toBeNull();
    const stored = JSON.stringify([
      await h.db.select().from(users),
      await h.db.select().from(actionTokens),
      await h.db.select().from(auditEvents),
    ]);
    expect(stored).not.toContain(initial);
    expect((await membershipOf(user!.id))!.status).toBe('pending');

    const login = await h.call('POST', '/api/auth/login', {
      body: { email: 'ann@example.com', password: initial },
    });
    expect(login.status).toBe(200);
    expect(login.body.user.mustChangePassword).toBe(true);
    expect(login.body.memberships).toEqual([{ orgId: org.orgId, orgName: 'Acme', role: 'member' }]);
    const [after] = await h.db.select().from(users).where(eq(users.email, 'ann@example.com'));
    expect(after!.passwordExpiresAt).toBe(h.clock.now() + 48 * 3600_000);
    expect(
      (await h.call('GET', `/api/orgs/${org.orgId}`, { token: login.body.token })).body.error.code,
    ).toBe('password_change_required');
    const changed = await h.call('POST', '/api/account/password', {
      token: login.body.token,
      body: { currentPassword: initial, newPassword: NEW_PASSWORD },
    });
    expect(changed.status).toBe(204);
    expect(
      (await h.call('GET', `/api/orgs/${org.orgId}`, { token: login.body.token })).status,
    ).toBe(200);
  });

  it('the initial password stops working when it expires, and a wrong one activates nothing', async () => {
    const { mail } = await appliedAndApproved('ann@example.com');
    const initial = /Initial password: (\S+)/.exec(mail.text)![1]!;
    const wrong = `${initial.slice(0, -1)}${initial.endsWith('a') ? 'b' : 'a'}`;
    expect(
      (
        await h.call('POST', '/api/auth/login', {
          body: { email: 'ann@example.com', password: wrong },
        })
      ).status,
    ).toBe(401);
    h.clock.advance(48 * 3600_000);
    expect(
      (
        await h.call('POST', '/api/auth/login', {
          body: { email: 'ann@example.com', password: initial },
        })
      ).status,
    ).toBe(401);
    const [user] = await h.db.select().from(users).where(eq(users.email, 'ann@example.com'));
    expect((await membershipOf(user!.id))!.status).toBe('pending');
  });

  it('an applicant who already has a password gets a confirm link, never a new password', async () => {
    await createUser(h, 'bob@example.com');
    const { mail } = await appliedAndApproved('bob@example.com', 'Bob');
    expect(mail.text).not.toContain('Initial password');
    expect(mail.text).toContain('/confirm/');
  });
});

describe('revoking a leaked link and removing who joined through it', () => {
  it('is one audited action: memberships gone at once, pending applications rejected', async () => {
    const { link, mail } = await appliedAndApproved('one@example.com', 'Leaky One');
    await postForm(h, linkIn(mail, '/set-password/'), {
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    const one = await h.call('POST', '/api/auth/login', {
      body: { email: 'one@example.com', password: NEW_PASSWORD },
    });
    expect((await h.call('GET', `/api/orgs/${org.orgId}`, { token: one.body.token })).status).toBe(
      200,
    );
    await apply(h, link.token, { name: 'Leaky Two', email: 'two@example.com' });

    const denied = await h.call('DELETE', `/api/orgs/${org.orgId}/links/${link.id}`, {
      token: org.member.token,
      body: { removeJoined: true },
    });
    expect(denied.status).toBe(403);

    const res = await h.call('DELETE', `/api/orgs/${org.orgId}/links/${link.id}`, {
      token: org.admin.token,
      body: { removeJoined: true },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'revoked', removedMembers: 1 });
    expect(
      await h.db.select().from(memberships).where(eq(memberships.linkId, link.id)),
    ).toHaveLength(0);
    expect((await h.call('GET', `/api/orgs/${org.orgId}`, { token: one.body.token })).status).toBe(
      404,
    );
    const events = await h.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'link.revoke'));
    expect(events).toHaveLength(1);
    expect(events[0]!.detail).toMatchObject({ removeJoined: true });
    expect((events[0]!.detail as { removedUserIds: string[] }).removedUserIds).toEqual([
      one.body.user.id,
    ]);
    const [two] = await h.db
      .select()
      .from(applications)
      .where(eq(applications.email, 'two@example.com'));
    expect(two).toMatchObject({ status: 'rejected', reviewerId: org.admin.id });
  });

  it('a member revoking their own link may not remove its joiners (403), and the link stays', async () => {
    const link = await createLink(h, org.orgId, org.member.token);
    const res = await h.call('DELETE', `/api/orgs/${org.orgId}/links/${link.id}`, {
      token: org.member.token,
      body: { removeJoined: true },
    });
    expect(res.status).toBe(403);
    expect((await h.call('GET', `/api/join/${link.token}`)).status).toBe(200);
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
