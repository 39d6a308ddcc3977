import { describe, expect, it } from 'vitest';
import type { Org } from '../helpers/fresh';
import type { Harness } from '../helpers/harness';
import { joining, NEW_PASSWORD } from '../helpers/joining';
import { getPage, linkIn, postForm, rowCounts } from '../helpers/links';

let h: Harness;
let org: Org;
const { membershipOf, appliedAndApproved } = joining((s) => ({ h, org } = s));

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
