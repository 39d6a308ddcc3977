import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditEvents, outbox, sessions, users } from '../../worker/src/db/schema';
import { nodeScrypt } from '../../worker/src/entry/node-runtime';
import { changePassword } from '../../worker/src/features/accounts/change-password';
import { createPasswordHasher } from '../../worker/src/lib/password';
import { startHarness, type Harness } from '../helpers/harness';
import { apply, createLink, getPage, linkIn, mailTo, postForm, rowCounts } from '../helpers/links';
import { createUser, login, orgWithRoles, PASSWORD } from '../helpers/seed';

let h: Harness;
let org: Awaited<ReturnType<typeof orgWithRoles>>;
beforeEach(async () => {
  h = await startHarness();
  org = await orgWithRoles(h);
});
afterEach(() => h.close());

const NEW_PASSWORD = 'a long new password';

describe('opening any hosted page changes nothing', () => {
  it('GET and HEAD of the join, set-password, confirm, sign-in and change-password pages leave every table as it was', async () => {
    await createUser(h, 'bob@example.com');
    const link = await createLink(h, org.orgId, org.admin.token, { requiresApproval: false });
    await apply(h, link.token, { name: 'Ann', email: 'ann@example.com' });
    await apply(h, link.token, { name: 'Bob', email: 'bob@example.com' });
    const setPassword = linkIn((await mailTo(h, 'ann@example.com'))[0]!, '/set-password/');
    const confirm = linkIn((await mailTo(h, 'bob@example.com'))[0]!, '/confirm/');
    const before = await rowCounts(h);
    for (const path of [
      `/join/${link.token}`,
      setPassword,
      confirm,
      '/login',
      '/account/password',
    ]) {
      const page = await getPage(h, path);
      expect(page.status, path).toBe(200);
      expect(page.headers.get('cache-control')).toBe('no-store');
      expect(page.headers.get('referrer-policy')).toBe('no-referrer');
      expect(page.text).toMatch(/<label for="\w+">|<button type="submit">/);
      expect((await getPage(h, path, 'HEAD')).status).toBe(200);
    }
    expect(await rowCounts(h)).toEqual(before);
  });

  it('a step’s address with any token, control characters included, goes back to its page (303), never a 500', async () => {
    for (const token of ['%00', '%0d%0aSet-Cookie:x=1', '..%2F..%2Fadmin', 'not-a-token']) {
      for (const path of [
        `/set-password/${token}/code`,
        `/set-password/${token}/verify`,
        `/invite/${token}/code`,
        `/invite/${token}/verify`,
      ]) {
        const page = await getPage(h, path);
        expect(page.status, path).toBe(303);
        const location = page.headers.get('location')!;
        // The token comes back encoded: one path segment under the page, nothing a header could split on.
        expect(location, path).toMatch(/^\/(set-password|invite)\/[^/\s]+$/);
      }
    }
  });
});

describe('the sign-in page', () => {
  it('says who is signed in and where to go next, or refuses wrong credentials alike', async () => {
    const wrong = await postForm(h, '/login', {
      email: org.member.email,
      password: 'not it at all',
    });
    const unknown = await postForm(h, '/login', {
      email: 'nobody@example.com',
      password: 'not it at all',
    });
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(res.text).toContain('The e-mail address or password is not right.');
    }
    await h.db
      .update(users)
      .set({ name: `<script>alert("x")</script> Zoë 🎉` })
      .where(eq(users.id, org.member.id));
    const ok = await postForm(h, '/login', {
      email: org.member.email.toUpperCase(),
      password: PASSWORD,
    });
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('<h1>Your account works</h1>');
    expect(ok.text).toContain('Welcome, &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Zoë 🎉.');
    expect(ok.text).not.toContain('<script>');
    expect(ok.text).toContain('Acme (member)');
    expect(ok.text).toContain('browser extension');
    const invalid = await postForm(h, '/login', { email: 'not-an-address', password: '' });
    expect(invalid.status).toBe(422);
  });

  it('refuses forms from other origins, and shares its rate limit with the API sign-in', async () => {
    expect(
      (
        await postForm(
          h,
          '/login',
          { email: org.member.email, password: PASSWORD },
          { origin: 'https://evil.example' },
        )
      ).status,
    ).toBe(403);
    // Ten wrong passwords (the limit per account and client), then even the right one waits.
    for (let i = 0; i < 10; i++)
      await postForm(h, '/login', { email: org.member.email, password: `wrong ${i}` });
    const page = await postForm(h, '/login', { email: org.member.email, password: PASSWORD });
    expect(page.status).toBe(429);
    expect(page.headers.get('retry-after')).toBeTruthy();
    const api = await h.call('POST', '/api/auth/login', {
      body: { email: org.member.email, password: PASSWORD },
    });
    expect(api.status).toBe(429);
  });

  it('after an initial password, asks for a new one before anything else', async () => {
    await h.call('PATCH', `/api/orgs/${org.orgId}/settings`, {
      token: org.owner.token,
      body: { sendInitialPassword: true },
    });
    const link = await createLink(h, org.orgId, org.admin.token, { requiresApproval: false });
    await apply(h, link.token, { name: 'Ann', email: 'ann@example.com' });
    const [mail] = await mailTo(h, 'ann@example.com');
    const initial = /Initial password: (\S+)/.exec(mail!.text)![1]!;
    const signIn = await postForm(h, '/login', { email: 'ann@example.com', password: initial });
    expect(signIn.status).toBe(200);
    expect(signIn.text).toContain('<h1>Change your password</h1>');
    expect(signIn.text).toContain('value="ann@example.com"');

    const changed = await postForm(h, '/account/password', {
      email: 'ann@example.com',
      currentPassword: initial,
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    expect(changed.status).toBe(200);
    const [user] = await h.db.select().from(users).where(eq(users.email, 'ann@example.com'));
    expect(user).toMatchObject({ mustChangePassword: false, passwordExpiresAt: null });
    const token = await login(h, 'ann@example.com', NEW_PASSWORD);
    expect((await h.call('GET', `/api/orgs/${org.orgId}`, { token })).status).toBe(200);
  });
});

describe('the change-password page', () => {
  /** The member changes PASSWORD to NEW_PASSWORD on the page. */
  const changeOnPage = () =>
    postForm(h, '/account/password', {
      email: org.member.email,
      currentPassword: PASSWORD,
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });

  it('changes a password stored with weaker parameters: the new one signs in, the old one no longer does', async () => {
    // A hash from before the parameters were raised: the check that passes also rewrites it.
    const weak = await createPasswordHasher(nodeScrypt, { logN: 10, r: 8, p: 1 }).hash(PASSWORD);
    await h.db.update(users).set({ passwordHash: weak }).where(eq(users.id, org.member.id));
    const res = await changeOnPage();
    expect(res.status).toBe(200);
    expect(res.text).toContain('Your password was changed');
    const signIn = async (password: string) =>
      (await h.call('POST', '/api/auth/login', { body: { email: org.member.email, password } }))
        .status;
    expect([await signIn(PASSWORD), await signIn(NEW_PASSWORD)]).toEqual([401, 200]);
  });

  it('a change that lost a race to another changes nothing: no session ends, no notice, no audit event', async () => {
    const [stale] = await h.db.select().from(users).where(eq(users.id, org.member.id));
    const other = await login(h, org.member.email);
    // Another change wins first (on the page, say); this one still holds the account as it was.
    await h.db
      .update(users)
      .set({ passwordHash: await h.services.passwords.hash('someone else chose this') })
      .where(eq(users.id, org.member.id));
    const before = {
      sessions: (await h.db.select().from(sessions)).length,
      notices: (await h.db.select().from(outbox)).length,
      audit: (await h.db.select().from(auditEvents)).length,
    };
    const lost = await changePassword(h.services, {
      clientIp: '203.0.113.9',
      who: { user: stale!, keepSession: 'none' },
      currentPassword: PASSWORD,
      newPassword: NEW_PASSWORD,
    }).catch((e: unknown) => e);
    expect(lost).toMatchObject({ code: 'invalid_credentials' });
    expect({
      sessions: (await h.db.select().from(sessions)).length,
      notices: (await h.db.select().from(outbox)).length,
      audit: (await h.db.select().from(auditEvents)).length,
    }).toEqual(before);
    expect((await h.call('GET', '/api/me', { token: other })).status).toBe(200);
  });

  it('changes the password, signs out every session and sends a notice', async () => {
    const session = org.member.token;
    const res = await changeOnPage();
    expect(res.status).toBe(200);
    expect(res.text).toContain('Your password was changed');
    expect((await h.call('GET', '/api/me', { token: session })).status).toBe(401);
    expect(
      (
        await h.call('POST', '/api/auth/login', {
          body: { email: org.member.email, password: PASSWORD },
        })
      ).status,
    ).toBe(401);
    expect(
      (
        await h.call('POST', '/api/auth/login', {
          body: { email: org.member.email, password: NEW_PASSWORD },
        })
      ).status,
    ).toBe(200);
    expect(
      await h.db.select().from(outbox).where(eq(outbox.kind, 'password_changed')),
    ).toMatchObject([{ recipient: org.member.email }]);
  });

  it('refuses a wrong current password, a short or mismatched new one, and other origins, changing nothing', async () => {
    const before = await rowCounts(h);
    const base = {
      email: org.member.email,
      currentPassword: PASSWORD,
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    };
    const cases: [Record<string, string>, number, string][] = [
      [{ ...base, currentPassword: 'wrong password' }, 401, 'currentPassword-error'],
      [{ ...base, newPassword: 'short', confirmPassword: 'short' }, 422, 'newPassword-error'],
      [{ ...base, confirmPassword: 'something else entirely' }, 422, 'confirmPassword-error'],
      [{ ...base, newPassword: PASSWORD, confirmPassword: PASSWORD }, 422, 'newPassword-error'],
      [{ ...base, email: 'not-an-address' }, 422, 'email-error'],
    ];
    for (const [form, status, marker] of cases) {
      const res = await postForm(h, '/account/password', form);
      expect(res.status, marker).toBe(status);
      expect(res.text).toContain(marker);
      expect(res.text).not.toContain(PASSWORD);
    }
    expect(
      (await postForm(h, '/account/password', base, { origin: 'https://evil.example' })).status,
    ).toBe(403);
    expect(await rowCounts(h)).toEqual(before);
  });
});
