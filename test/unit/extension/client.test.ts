import { describe, expect, it } from 'vitest';
import { ApiError, createApiClient, NetworkError } from '../../../shared/client';
import { describeError } from '../../../extension/lib/errors';
import { createAdminApi } from '../../../shared/client-admin';
import { apiError, createFakeApi, json } from './fake-api';
import { application, department, link, linkDetail, loginResponse } from './fixtures';

function setup(token: string | null = 'secret') {
  const api = createFakeApi();
  const client = api.makeClient({ baseUrl: 'http://server.test/', getToken: () => token });
  const admin = api.makeAdminApi({ baseUrl: 'http://server.test/', getToken: () => token });
  return { api, client, admin };
}

describe('typed API client', () => {
  it('sends the bearer token and JSON body, and reads the JSON answer', async () => {
    const { api, client } = setup();
    api.on('POST /api/orgs/org%201/links', (r) => json({ id: 'l1', echo: r.body }, 201));
    const link = await client.links.create('org 1', { expiresInHours: 24, maxUses: 5 });
    const request = api.last('POST /api/orgs/org%201/links')!;
    expect(request.headers.authorization).toBe('Bearer secret');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.body).toEqual({ expiresInHours: 24, maxUses: 5 });
    expect(link).toMatchObject({ id: 'l1' });
  });

  it('builds query strings without empty values', async () => {
    const { api, client } = setup();
    api.on('GET /api/orgs/o/links', { items: [], nextCursor: null });
    await client.links.list('o', { mine: true, active: undefined, cursor: '' });
    expect(Object.fromEntries(api.last('GET /api/orgs/o/links')!.query)).toEqual({ mine: 'true' });
  });

  it('omits the Authorization header for public calls', async () => {
    const { api, client } = setup(null);
    api.on('POST /api/auth/login', loginResponse());
    await client.auth.login({ email: 'a@example.com', password: 'x' });
    expect(api.last('POST /api/auth/login')!.headers.authorization).toBeUndefined();
  });

  it('answers undefined for 204 No Content', async () => {
    const { api, client } = setup();
    api.on('POST /api/auth/logout', () => new Response(null, { status: 204 }));
    await expect(client.auth.logout()).resolves.toBeUndefined();
  });

  it('turns the contract error body into an ApiError with code, message and fields', async () => {
    const { api, client } = setup();
    api.on(
      'POST /api/orgs/o/links',
      apiError(422, 'invalid_input', 'maxUses must be at most 100', {
        maxUses: 'must be at most 100',
      }),
    );
    const error = await client.links
      .create('o', { expiresInHours: 24, maxUses: 500 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 422,
      code: 'invalid_input',
      message: 'maxUses must be at most 100',
      fields: { maxUses: 'must be at most 100' },
    });
  });

  it('reads Retry-After on 429', async () => {
    const { api, client } = setup();
    api.on(
      'POST /api/auth/login',
      json({ error: { code: 'rate_limited', message: 'slow down' } }, 429, { 'retry-after': '12' }),
    );
    const error = (await client.auth
      .login({ email: 'a@example.com', password: 'x' })
      .catch((e: unknown) => e)) as ApiError;
    expect(error.code).toBe('rate_limited');
    expect(error.retryAfter).toBe(12);
  });

  it('names a code from the status when the body is not the contract shape', async () => {
    const { api, client } = setup();
    api.on('GET /api/me', () => new Response('<html>Bad gateway</html>', { status: 403 }));
    const error = (await client.auth.me().catch((e: unknown) => e)) as ApiError;
    expect(error.code).toBe('forbidden');
    // No sentence from the server: the code (the extension words it, extension/lib/errors.ts).
    expect(error.message).toBe('forbidden');
    expect(describeError(error)).toBe('You do not have permission to do that.');
    api.on('GET /api/me', () => new Response('oops', { status: 502 }));
    expect(((await client.auth.me().catch((e: unknown) => e)) as ApiError).code).toBe('internal');
  });

  it('reports an unreachable server as a NetworkError, distinct from API errors', async () => {
    const client = createApiClient({
      baseUrl: 'http://down.test',
      getToken: () => null,
      fetch: () => Promise.reject(new TypeError('Failed to fetch')),
    });
    const error = await client.auth.me().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).not.toBeInstanceOf(ApiError);
    expect((error as NetworkError).baseUrl).toBe('http://down.test');
  });

  it('encodes every id in a path', async () => {
    const { api, client } = setup();
    api.on(
      'POST /api/orgs/o/applications/a%2Fb/reject',
      application('a/b', { status: 'rejected' }),
    );
    await client.applications.reject('o', 'a/b', 'spam');
    expect(api.last('POST /api/orgs/o/applications/a%2Fb/reject')!.body).toEqual({
      reason: 'spam',
    });
  });

  it('revokes a link with or without removing who joined', async () => {
    const { api, client } = setup();
    api.on('DELETE /api/orgs/o/links/l1', {
      ...link('l1', { status: 'revoked' }),
      removedMembers: 1,
    });
    await client.links.revoke('o', 'l1');
    expect(api.last('DELETE /api/orgs/o/links/l1')).toMatchObject({ body: undefined });
    expect(api.last('DELETE /api/orgs/o/links/l1')!.headers['content-type']).toBeUndefined();
    const revoked = await client.links.revoke('o', 'l1', { removeJoined: true });
    expect(api.last('DELETE /api/orgs/o/links/l1')!.body).toEqual({ removeJoined: true });
    expect(revoked.removedMembers).toBe(1);
  });

  it('carries only the routes the popup and the background worker use', () => {
    const { client } = setup();
    expect(Object.keys(client.departments)).toEqual(['list']);
    expect(Object.keys(client.orgs)).toEqual(['get']);
    expect(client).not.toHaveProperty('members');
    expect(client).not.toHaveProperty('audit');
    expect(client).not.toHaveProperty('join');
    expect(client.links).not.toHaveProperty('get');
    expect(client.invitations).not.toHaveProperty('create');
  });
});

describe('the dashboard’s routes (client-admin)', () => {
  it('answers the core’s routes too, through the same client', async () => {
    const { api, admin } = setup();
    api.on('GET /api/orgs/o/departments', { items: [department('d1')], nextCursor: null });
    api.on('POST /api/orgs/o/departments', (r) => json({ id: 'd2', ...(r.body as object) }, 201));
    expect((await admin.departments.list('o')).items).toHaveLength(1);
    expect(await admin.departments.create('o', { name: 'Support' })).toMatchObject({
      id: 'd2',
      name: 'Support',
    });
    expect(api.last('POST /api/orgs/o/departments')!.headers.authorization).toBe('Bearer secret');
  });

  it('builds the users query without empty filters', async () => {
    const { api, admin } = setup();
    api.on('GET /api/orgs/o/members', { items: [], nextCursor: null });
    await admin.members.list('o', { q: 'ann', status: undefined, invitation: 'error', cursor: '' });
    expect(Object.fromEntries(api.last('GET /api/orgs/o/members')!.query)).toEqual({
      q: 'ann',
      invitation: 'error',
    });
  });

  it('posts a CSV import as text/csv with the sendInvitation flag', async () => {
    const { api, admin } = setup();
    api.on('POST /api/orgs/o/members/import', { created: 1, skipped: 0, errors: [] });
    await admin.members.import('o', 'email\na@example.com\n', { sendInvitation: true });
    const request = api.last('POST /api/orgs/o/members/import')!;
    expect(request.headers['content-type']).toBe('text/csv');
    expect(request.body).toBe('email\na@example.com\n');
    expect(request.query.get('sendInvitation')).toBe('true');
  });

  it('reads the join page’s public information without a token', async () => {
    const { api, admin } = setup(null);
    api.on('GET /api/join/a%2Fb', {
      org: { name: 'Acme' },
      inviter: { name: 'Ada Admin' },
      requiresApproval: true,
      expiresAt: null,
    });
    await admin.join.info('a/b');
    expect(api.last('GET /api/join/a%2Fb')!.headers.authorization).toBeUndefined();
  });

  it('fails with the contract’s error, like the core', async () => {
    const { api, admin } = setup();
    api.on(
      'POST /api/orgs/o/invitations',
      apiError(409, 'already_invited', 'a@example.com already has a pending invitation', {
        email: 'taken',
      }),
    );
    const error = await admin.invitations
      .create('o', { email: 'a@example.com', role: 'member' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 409,
      code: 'already_invited',
      message: 'a@example.com already has a pending invitation',
      fields: { email: 'taken' },
    });
  });

  it('reads one link’s details', async () => {
    const { api, admin } = setup();
    api.on('GET /api/orgs/o/links/l1', linkDetail('l1', [], { applications: [] }));
    expect(await admin.links.get('o', 'l1')).toMatchObject({ link: { id: 'l1' } });
  });

  it('answers the members export as the file the server sent, with the bearer token', async () => {
    const { api, admin } = setup();
    const csv = '\uFEFFfirstName,lastName\r\nAnn,Lee\r\n';
    api.on(
      'GET /api/orgs/o%201/members/export',
      new Response(csv, { headers: { 'content-type': 'text/csv; charset=utf-8' } }),
    );
    const file = await admin.members.export('o 1');
    const request = api.last('GET /api/orgs/o%201/members/export')!;
    expect(request.headers.authorization).toBe('Bearer secret');
    expect(request.headers.accept).toBe('text/csv');
    expect(file).toBeInstanceOf(Blob);
    expect(file.type).toMatch(/^text\/csv/);
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(new TextEncoder().encode(csv));
  });

  it('fails a download like the client: the contract error as ApiError, an unreachable server as NetworkError', async () => {
    const { api, admin } = setup();
    api.on(
      'GET /api/orgs/o/members/export',
      apiError(403, 'forbidden', 'Only owners and admins manage the people of the organization'),
    );
    await expect(admin.members.export('o')).rejects.toMatchObject({
      name: 'ApiError',
      status: 403,
      code: 'forbidden',
    });
    const down = createAdminApi(
      createApiClient({
        baseUrl: 'http://down.test',
        getToken: () => null,
        fetch: () => Promise.reject(new TypeError('Failed to fetch')),
      }),
    );
    await expect(down.members.export('o')).rejects.toBeInstanceOf(NetworkError);
  });
});
