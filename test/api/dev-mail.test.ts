import { afterEach, describe, expect, it } from 'vitest';
import { resendTransport } from '../../worker/src/mail/resend';
import { startHarness, type Harness } from '../helpers/harness';
import { createUser, PASSWORD } from '../helpers/seed';

let h: Harness;
afterEach(() => h.close());

describe('the local mailbox', () => {
  it('shows what was sent as JSON and as an escaped page', async () => {
    h = await startHarness();
    const alice = await createUser(h, 'alice@example.com', { name: '<b>Alice</b>' });
    await h.call('POST', '/api/account/password', { token: alice.token, body: { currentPassword: PASSWORD, newPassword: 'a different password' } });
    await h.services.outbox.kick();
    const json = await h.call('GET', '/dev/mail.json');
    expect(json.status).toBe(200);
    expect(json.body.items).toHaveLength(1);
    expect(json.body.items[0]).toMatchObject({ channel: 'email', to: 'alice@example.com', subject: 'Your Invitations password was changed' });
    expect(json.body.items[0].text).toContain('<b>Alice</b>');
    expect(json.body.items[0].html).toContain('&lt;b&gt;Alice&lt;/b&gt;');
    const page = await h.call('GET', '/dev/mail');
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.text).toContain('alice@example.com');
    expect(page.text).not.toContain('<b>Alice</b>');
  });

  it('does not exist when a real provider is configured', async () => {
    h = await startHarness({ email: resendTransport({ apiKey: 're_x', from: 'a@example.com', baseUrl: 'http://127.0.0.1:9' }), sms: { name: 'none', send: async () => ({ ok: true, providerIds: [null] }) } });
    expect((await h.call('GET', '/dev/mail.json')).status).toBe(404);
    expect((await h.call('GET', '/dev/mail')).status).toBe(404);
  });
});
