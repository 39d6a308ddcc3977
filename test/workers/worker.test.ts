/**
 * The Worker entry inside workerd: the real app on a remote libSQL database (over Hrana) with mail
 * to a fake of Resend, bindings parsed once, and a clear (but not revealing) failure when one is
 * wrong.
 */
import { createExecutionContext, SELF, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import worker from '../../worker/src/entry/worker';
import { createWorkerRuntime } from '../../worker/src/entry/worker-runtime';
import { OWNER, PUBLIC_URL } from './constants';
import { call, clientIp, createAccount, login, loginOwner, resend } from './helpers';

afterEach(() => vi.restoreAllMocks());

describe('the Worker', () => {
  it('answers /health', async () => {
    const res = await call('GET', '/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true });
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it("answers its API reference, built inside workerd from the routes' zod schemas", async () => {
    const res = await call('GET', '/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(res.body.servers).toEqual([{ url: PUBLIC_URL }]);
    const login = res.body.paths['/api/auth/login'].post;
    expect(login.requestBody.content['application/json'].schema.required).toEqual(['password']);
    const page = await SELF.fetch(`${PUBLIC_URL}/docs/api`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<code>/api/orgs/{org}/invitations</code>');
  });

  it('signs in the owner created on the database before the Worker started', async () => {
    const res = await call('POST', '/api/auth/login', {
      body: { email: OWNER.email, password: OWNER.password },
      ip: clientIp(),
    });
    expect(res.status).toBe(200);
    expect(res.body.user.email).toBe(OWNER.email);
    expect(res.body.memberships).toEqual([
      expect.objectContaining({ orgName: OWNER.orgName, role: 'owner' }),
    ]);
    const me = await call('GET', '/api/me', { token: res.body.token });
    expect(me.status).toBe(200);
    expect(me.body.user.email).toBe(OWNER.email);
  });

  it("answers only PUBLIC_URL's host: another one gets 421 wrong_host, and /health answers on any", async () => {
    const token = await loginOwner();
    for (const [url, host] of [
      ['https://rebind.evil.example/api/me', undefined],
      [`${PUBLIC_URL}/api/me`, 'rebind.evil.example'],
      ['https://localhost/dev/mail.json', undefined],
    ] as const) {
      const res = await SELF.fetch(url, {
        headers: { authorization: `Bearer ${token}`, ...(host ? { host } : {}) },
      });
      expect(res.status, `${url} ${host ?? ''}`).toBe(421);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('wrong_host');
    }
    expect((await SELF.fetch('https://rebind.evil.example/health')).status).toBe(200);
  });

  it('refuses a wrong password with invalid_credentials', async () => {
    const res = await call('POST', '/api/auth/login', {
      body: { email: OWNER.email, password: 'not the password' },
      ip: clientIp(),
    });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('invalid_credentials');
  });

  it('creates an organization and a department, and lists them', async () => {
    const token = await loginOwner();
    const org = await call('POST', '/api/orgs', { token, body: { name: 'Made in workerd' } });
    expect(org.status).toBe(201);
    const dep = await call('POST', `/api/orgs/${org.body.id}/departments`, {
      token,
      body: { name: 'Sales' },
    });
    expect(dep.status).toBe(201);
    const list = await call('GET', `/api/orgs/${org.body.id}/departments`, { token });
    expect(list.status).toBe(200);
    expect(list.body.items.map((d: { name: string }) => d.name)).toEqual(['Sales']);
  });

  it("deleting a department or a workspace leaves nothing pointing at it: the foreign keys' ON DELETE actions hold over Hrana", async () => {
    const token = await loginOwner();
    const org = await call('POST', '/api/orgs', { token, body: { name: 'Deletes in workerd' } });
    const base = `/api/orgs/${org.body.id}`;
    const dep = await call('POST', `${base}/departments`, { token, body: { name: 'Sales' } });
    const ws = await call('POST', `${base}/workspaces`, { token, body: { name: 'Design' } });
    const person = await call('POST', `${base}/members`, {
      token,
      body: {
        firstName: 'Ann',
        lastName: 'Lee',
        email: 'ann@deletes.test',
        role: 'member',
        departmentId: dep.body.id,
      },
    });
    expect(person.status).toBe(201);
    const invited = await call('POST', `${base}/invitations`, {
      token,
      body: {
        email: 'leo@deletes.test',
        channel: 'link',
        role: 'member',
        workspaces: [{ workspaceId: ws.body.id, role: 'member' }],
      },
    });
    expect(invited.status).toBe(201);
    expect((await call('DELETE', `${base}/departments/${dep.body.id}`, { token })).status).toBe(
      204,
    );
    expect((await call('DELETE', `${base}/workspaces/${ws.body.id}`, { token })).status).toBe(204);
    const member = await call('GET', `${base}/members/${person.body.userId}`, { token });
    expect(member.body.departmentId).toBeNull();
    const invitations = await call('GET', `${base}/invitations`, { token });
    expect(invitations.body.items).toMatchObject([
      { id: invited.body.invitation.id, workspaces: [] },
    ]);
  });

  it('with ORG_CREATION = "nobody" (as wrangler.toml deploys it) a signed-in account cannot create an organization', async () => {
    const runtime = await createWorkerRuntime(
      { ...env, ORG_CREATION: 'nobody' },
      { log: () => {} },
    );
    const token = await loginOwner();
    const ctx = createExecutionContext();
    const res = await runtime.app.fetch(
      new Request(`${PUBLIC_URL}/api/orgs`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Not allowed' }),
      }),
      env,
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('forbidden');
  });

  it('delivers the password-change notice through waitUntil, right after the request', async () => {
    const email = 'changer@workers.test';
    await createAccount(email, 'first password 123');
    const token = await login(email, 'first password 123');
    const res = await call('POST', '/api/account/password', {
      token,
      body: { currentPassword: 'first password 123', newPassword: 'second password 456' },
    });
    expect(res.status).toBe(204);
    const [mail] = await resend.waitFor(email);
    expect(mail!.subject).toBe('Your Invitations password was changed');
    expect(mail!.text).toContain(`${PUBLIC_URL}/reset-password`);
    expect(mail!.idempotencyKey).toBeTruthy();
    await login(email, 'second password 456');
  });
});

describe('bindings', () => {
  async function fetchWith(bindings: Record<string, unknown>) {
    const errors: string[] = [];
    vi.spyOn(console, 'error').mockImplementation(
      (...args: unknown[]) => void errors.push(args.join(' ')),
    );
    const ctx = createExecutionContext();
    const res = await worker.fetch(new Request(`${PUBLIC_URL}/health`), bindings, ctx);
    await waitOnExecutionContext(ctx);
    return {
      res,
      body: (await res.json()) as { error: { code: string; message: string } },
      log: errors.join('\n'),
    };
  }

  it('a missing secret answers a generic 500 and the log names it', async () => {
    const { TOKEN_SECRET: _, ...rest } = env;
    const { res, body, log } = await fetchWith(rest);
    expect(res.status).toBe(500);
    expect(body.error.code).toBe('internal');
    expect(body.error.message).not.toContain('TOKEN_SECRET');
    expect(log).toContain('TOKEN_SECRET: is required');
  });

  it('a malformed value is named in the log, and its value never appears', async () => {
    const { res, log } = await fetchWith({
      ...env,
      TOKEN_SECRET: 'too-short-secret-value',
      DATABASE_URL: 'file:./local.db',
    });
    expect(res.status).toBe(500);
    expect(log).toContain('TOKEN_SECRET');
    expect(log).toContain('DATABASE_URL');
    expect(log).not.toContain('too-short-secret-value');
  });

  it('a Resend key without MAIL_FROM is refused by name', async () => {
    const { MAIL_FROM: _, ...rest } = env;
    const { res, log } = await fetchWith(rest);
    expect(res.status).toBe(500);
    expect(log).toContain('MAIL_FROM');
  });

  it('the same bindings serve the next request normally again', async () => {
    expect((await call('GET', '/health')).status).toBe(200);
  });
});
