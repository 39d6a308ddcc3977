/**
 * The server answers only requests addressed to it: Host is PUBLIC_URL's host, or in local mode any
 * loopback host. A page served to a browser under another name (DNS rebinding: rebind.evil.example
 * resolving to 127.0.0.1) is refused with 421 `wrong_host` before any route runs, so it can read no
 * mailbox, use no session, post no form.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { users } from '../../worker/src/db/schema';
import { resendTransport } from '../../worker/src/mail/resend';
import { startHarness, type Harness } from '../helpers/harness';
import { postForm, rowCounts } from '../helpers/links';
import { orgWithRoles, PASSWORD } from '../helpers/seed';

let h: Harness;
afterEach(() => h.close());

const REBIND = 'rebind.evil.example';
/**
 * A provider that is never reached in these tests: giving one is what takes the harness out of
 * local mode.
 */
const resend = () =>
  resendTransport({ apiKey: 're_x', from: 'a@example.com', baseUrl: 'http://127.0.0.1:9' });

const lastActive = async () =>
  (await h.db.select({ id: users.id, t: users.lastActiveAt }).from(users)).sort((a, b) =>
    a.id.localeCompare(b.id),
  );

describe('requests addressed to another host', () => {
  it('are refused with 421 wrong_host and change nothing: the mailbox, the API and page forms', async () => {
    h = await startHarness();
    const { owner } = await orgWithRoles(h);
    await h.call('POST', '/api/account/password', {
      token: owner.token,
      body: { currentPassword: PASSWORD, newPassword: 'a different password' },
    });
    await h.services.outbox.kick();
    const before = { rows: await rowCounts(h), active: await lastActive() };

    for (const [method, path, token] of [
      ['GET', '/dev/mail.json', ''],
      ['GET', '/dev/mail', ''],
      ['GET', '/api/me', owner.token],
    ] as const) {
      const res = await h.call(method, path, { token, headers: { host: REBIND } });
      expect(res.status, path).toBe(421);
      expect(res.body, path).toMatchObject({ error: { code: 'wrong_host' } });
    }
    // What a rebinding page's form sends: its own origin, same-origin by the browser's account.
    const form = await postForm(
      h,
      '/login',
      { email: owner.email, password: 'a different password' },
      { host: `${REBIND}:8787`, origin: `http://${REBIND}:8787`, 'sec-fetch-site': 'same-origin' },
    );
    expect(form.status).toBe(421);
    expect(JSON.parse(form.text)).toMatchObject({ error: { code: 'wrong_host' } });
    expect({ rows: await rowCounts(h), active: await lastActive() }).toEqual(before);

    // The same form to PUBLIC_URL's host checks the account (and so records its activity).
    h.clock.advance(1000);
    const own = await postForm(h, '/login', {
      email: owner.email,
      password: 'a different password',
    });
    expect(own.status).toBe(200);
    expect(await lastActive()).not.toEqual(before.active);
  });

  it("PUBLIC_URL's host is answered, and /health answers on any host", async () => {
    h = await startHarness();
    const { owner } = await orgWithRoles(h);
    expect(
      (await h.call('GET', '/api/me', { token: owner.token, headers: { host: 'localhost:8787' } }))
        .status,
    ).toBe(200);
    expect((await h.call('GET', '/health', { headers: { host: REBIND } })).body).toEqual({
      ok: true,
    });
    expect((await h.call('GET', '/health', { headers: { host: '10.0.0.7' } })).status).toBe(200);
  });

  it('in local mode any loopback host on any port is answered', async () => {
    h = await startHarness();
    expect(h.services.config.localMode).toBe(true);
    for (const host of [
      'localhost',
      'LOCALHOST:8787',
      '127.0.0.1:5173',
      '127.0.0.1',
      '127.1.2.3:9',
      '[::1]:8787',
    ]) {
      expect((await h.call('GET', '/dev/mail.json', { headers: { host } })).status, host).toBe(200);
    }
    for (const host of [
      'localhost.evil.example',
      '127.0.0.1.nip.io:8787',
      '0.0.0.0:8787',
      'localhost:8787/x',
      'user@localhost',
      '',
    ]) {
      expect((await h.call('GET', '/dev/mail.json', { headers: { host } })).status, host).toBe(421);
    }
  });

  it("outside local mode only PUBLIC_URL's host is answered, not localhost", async () => {
    h = await startHarness({ publicUrl: 'https://invitations.example', email: resend() });
    expect(h.services.config.localMode).toBe(false);
    const { owner } = await orgWithRoles(h);
    for (const host of ['invitations.example', 'INVITATIONS.example:443']) {
      expect(
        (await h.call('GET', '/api/me', { token: owner.token, headers: { host } })).status,
        host,
      ).toBe(200);
    }
    for (const host of [
      'localhost',
      'localhost:8787',
      '127.0.0.1',
      'invitations.example:80',
      'invitations.example:8443',
      REBIND,
    ]) {
      const res = await h.call('GET', '/api/me', { token: owner.token, headers: { host } });
      expect(res.status, host).toBe(421);
      expect(res.body.error.code, host).toBe('wrong_host');
    }
  });
});

describe('page forms outside local mode', () => {
  it("are trusted only from PUBLIC_URL's origin, not from whatever origin the request was addressed to", async () => {
    h = await startHarness({ publicUrl: 'https://invitations.example', email: resend() });
    const { owner } = await orgWithRoles(h);
    const fields = { email: owner.email, password: PASSWORD };
    // Behind a proxy that ends TLS the request reaches the app as http://invitations.example; a
    // form posted from that plain-http origin is not PUBLIC_URL's.
    const plain = await h.app.request('http://invitations.example/login', {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'http://invitations.example',
      },
      body: new URLSearchParams(fields).toString(),
    });
    expect(plain.status).toBe(403);
    expect(
      (await postForm(h, '/login', fields, { origin: 'https://invitations.example' })).status,
    ).toBe(200);
  });
});
