/**
 * The local mailbox (/dev/mail, which holds set-password links) exists only in local mode: no
 * provider at all and a loopback PUBLIC_URL. Anywhere else a channel without a provider fails for
 * good, with the reason on the person's invitation state, and the server says so when it starts.
 * Through the real Node entry, as `npm start` runs it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startResendFake, type ResendFake } from '../fakes/resend-fake';
import { requestWithHost } from '../helpers/http-request';
import { startServerProcess, type ServerProcess } from '../helpers/server-process';

const OWNER_PASSWORD = 'a long owner password';

let dir: string;
let server: ServerProcess | undefined;
let resend: ResendFake | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'invitations-mailbox-'));
});
afterEach(async () => {
  await server?.stop('SIGKILL');
  await resend?.close();
  server = resend = undefined;
  await rm(dir, { recursive: true, force: true });
});

async function start(env: Record<string, string>): Promise<ServerProcess> {
  server = await startServerProcess({
    DATABASE_URL: `file:${join(dir, 'invitations.db')}`,
    OWNER_PASSWORD,
    ...env,
  });
  return server;
}

/**
 * Requests to the server, addressed to `host` (PUBLIC_URL's host, as a browser or a proxy would
 * send it).
 */
function client(s: ServerProcess, host: string) {
  let token = '';
  const call = async (method: string, path: string, body?: unknown) => {
    const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    return requestWithHost(`${s.url}${path}`, {
      method,
      host,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  };
  return {
    call,
    /** Signs the owner in and answers their organization's id. */
    async signIn(): Promise<string> {
      const res = await call('POST', '/api/auth/login', {
        email: 'owner@example.com',
        password: OWNER_PASSWORD,
      });
      if (res.status !== 200) throw new Error(`login: ${res.status} ${res.text}`);
      token = res.body.token as string;
      return res.body.memberships[0].orgId as string;
    },
    /**
     * Adds a person, sends them an invitation on `channel`, and waits until the outbox has settled
     * it.
     */
    async invite(orgId: string, contact: Record<string, string>, channel: 'email' | 'sms') {
      const added = await call('POST', `/api/orgs/${orgId}/members`, {
        firstName: 'Ann',
        lastName: 'Lee',
        ...contact,
      });
      if (added.status !== 201) throw new Error(`add member: ${added.status} ${added.text}`);
      const userId = added.body.userId as string;
      const sent = await call('POST', `/api/orgs/${orgId}/members/invite`, {
        userIds: [userId],
        channel,
      });
      expect(sent.body).toEqual({ queued: 1, errors: [] });
      const deadline = Date.now() + 15_000;
      for (;;) {
        const member = (await call('GET', `/api/orgs/${orgId}/members/${userId}`)).body;
        if (member.invitationState !== 'queued' || Date.now() > deadline)
          return member as { invitationState: string; invitationError: string | null };
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  };
}

describe('the local mailbox exists only in local mode', () => {
  it('the local mailbox does not exist when a provider is configured, and SMS without a provider fail with the reason', async () => {
    resend = await startResendFake();
    const s = await start({
      RESEND_API_KEY: 're_test',
      MAIL_FROM: 'no-reply@example.com',
      RESEND_BASE_URL: resend.url,
    });
    const api = client(s, new URL(s.url).host);
    expect((await api.call('GET', '/dev/mail.json')).status).toBe(404);
    expect((await api.call('GET', '/dev/mail')).status).toBe(404);
    expect(s.output()).toContain('local mailbox: off (a provider is configured)');
    expect(s.output()).toMatch(/sms: +not configured \(SMS_PROVIDER\)/);

    const orgId = await api.signIn();
    const member = await api.invite(orgId, { phone: '+79051111111' }, 'sms');
    expect(member).toMatchObject({
      invitationState: 'error',
      invitationError: 'SMS is not configured on this server (SMS_PROVIDER)',
    });
    expect((await api.call('GET', '/dev/mail.json')).status).toBe(404);
  });

  it('the local mailbox does not exist when PUBLIC_URL is not a loopback address, and e-mail and SMS fail with the reason', async () => {
    const s = await start({ PUBLIC_URL: 'https://invitations.example' });
    const api = client(s, 'invitations.example');
    expect((await api.call('GET', '/dev/mail.json')).status).toBe(404);
    expect((await api.call('GET', '/dev/mail')).status).toBe(404);
    expect(s.output()).toContain('local mailbox: off (PUBLIC_URL is not a loopback address)');
    expect(s.output()).toMatch(/mail: +not configured \(RESEND_API_KEY\)/);

    const orgId = await api.signIn();
    expect(await api.invite(orgId, { email: 'ann@example.com' }, 'email')).toMatchObject({
      invitationState: 'error',
      invitationError: 'E-mail is not configured on this server (RESEND_API_KEY)',
    });
    expect(await api.invite(orgId, { phone: '+79052222222' }, 'sms')).toMatchObject({
      invitationState: 'error',
      invitationError: 'SMS is not configured on this server (SMS_PROVIDER)',
    });
  });

  it('in local mode (no provider, a loopback PUBLIC_URL) the mailbox is on, says where, and receives what is sent', async () => {
    const s = await start({});
    expect(s.output()).toContain(`local mailbox: on at ${s.url}/dev/mail`);
    const api = client(s, new URL(s.url).host);
    const orgId = await api.signIn();
    expect(await api.invite(orgId, { phone: '+79053333333' }, 'sms')).toMatchObject({
      invitationState: 'invited',
      invitationError: null,
    });
    const mail = await api.call('GET', '/dev/mail.json');
    expect(mail.status).toBe(200);
    expect(mail.body.items).toEqual([
      expect.objectContaining({ channel: 'sms', to: '+79053333333' }),
    ]);
  });
});
