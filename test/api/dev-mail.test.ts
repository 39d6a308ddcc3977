import { afterEach, describe, expect, it } from 'vitest';
import { nodeScrypt } from '../../worker/src/entry/node-runtime';
import { memoryMailboxStore } from '../../worker/src/mail/local-mailbox';
import { resendTransport } from '../../worker/src/mail/resend';
import { createServices } from '../../worker/src/services';
import { startHarness, TEST_SECRET, type Harness } from '../helpers/harness';
import { createUser, PASSWORD } from '../helpers/seed';

let h: Harness;
afterEach(() => h.close());

describe('the local mailbox', () => {
  it('shows what was sent as JSON and as an escaped page', async () => {
    h = await startHarness();
    const alice = await createUser(h, 'alice@example.com', { name: '<b>Alice</b>' });
    await h.call('POST', '/api/account/password', {
      token: alice.token,
      body: { currentPassword: PASSWORD, newPassword: 'a different password' },
    });
    await h.services.outbox.kick();
    const json = await h.call('GET', '/dev/mail.json');
    expect(json.status).toBe(200);
    expect(json.body.items).toHaveLength(1);
    expect(json.body.items[0]).toMatchObject({
      channel: 'email',
      to: 'alice@example.com',
      subject: 'Your Invitations password was changed',
    });
    expect(json.body.items[0].text).toContain('<b>Alice</b>');
    expect(json.body.items[0].html).toContain('&lt;b&gt;Alice&lt;/b&gt;');
    const page = await h.call('GET', '/dev/mail');
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.text).toContain('alice@example.com');
    expect(page.text).not.toContain('<b>Alice</b>');
  });

  it('answers nothing to a request a proxy forwarded, whatever Host it names', async () => {
    h = await startHarness();
    expect((await h.call('GET', '/dev/mail.json')).status).toBe(200);
    for (const [name, value] of [
      ['x-forwarded-for', '203.0.113.9'],
      ['forwarded', 'for=203.0.113.9'],
      ['via', '1.1 nginx'],
      ['x-real-ip', '203.0.113.9'],
      ['x-forwarded-host', 'invitations.example.com'],
    ] as const)
      for (const path of ['/dev/mail.json', '/dev/mail'])
        expect((await h.call('GET', path, { headers: { [name]: value } })).status, name).toBe(404);
  });

  it('does not exist when a provider is configured, even one for e-mail alone', async () => {
    h = await startHarness({
      email: resendTransport({
        apiKey: 're_x',
        from: 'a@example.com',
        baseUrl: 'http://127.0.0.1:9',
      }),
    });
    expect(h.services.mailbox).toBeNull();
    expect((await h.call('GET', '/dev/mail.json')).status).toBe(404);
    expect((await h.call('GET', '/dev/mail')).status).toBe(404);
  });

  it('cannot be given to services outside local mode', async () => {
    h = await startHarness();
    const outside = { ...h.services.config, localMode: false };
    expect(() =>
      createServices({
        db: h.db,
        config: outside,
        tokenSecret: TEST_SECRET,
        scrypt: nodeScrypt,
        mailbox: memoryMailboxStore(),
      }),
    ).toThrow(/only in local mode/);
  });
});
