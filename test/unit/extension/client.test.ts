import { describe, expect, it } from 'vitest';
import { ApiError, createApiClient, NetworkError } from '../../../shared/client';
import { createDownloads } from '../../../shared/downloads';
import { apiError, createFakeApi, json } from './fake-api';

function setup(token: string | null = 'secret') {
  const api = createFakeApi();
  const client = api.makeClient({ baseUrl: 'http://server.test/', getToken: () => token });
  return { api, client };
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
    api.on('GET /api/orgs/o/members', { items: [], nextCursor: null });
    await client.members.list('o', { q: 'ann', status: undefined, invitation: 'error', cursor: '' });
    expect(Object.fromEntries(api.last('GET /api/orgs/o/members')!.query)).toEqual({ q: 'ann', invitation: 'error' });
  });

  it('omits the Authorization header for public calls', async () => {
    const { api, client } = setup(null);
    api.on('GET /api/join/abc', { org: { name: 'Acme' } });
    await client.join.info('abc');
    expect(api.last('GET /api/join/abc')!.headers.authorization).toBeUndefined();
  });

  it('posts a CSV import as text/csv with the sendInvitation flag', async () => {
    const { api, client } = setup();
    api.on('POST /api/orgs/o/members/import', { created: 1, skipped: 0, errors: [] });
    await client.members.import('o', 'email\na@example.com\n', { sendInvitation: true });
    const request = api.last('POST /api/orgs/o/members/import')!;
    expect(request.headers['content-type']).toBe('text/csv');
    expect(request.body).toBe('email\na@example.com\n');
    expect(request.query.get('sendInvitation')).toBe('true');
  });

  it('answers undefined for 204 No Content', async () => {
    const { api, client } = setup();
    api.on('POST /api/auth/logout', () => new Response(null, { status: 204 }));
    await expect(client.auth.logout()).resolves.toBeUndefined();
  });

  it('turns the contract error body into an ApiError with code, message and fields', async () => {
    const { api, client } = setup();
    api.on('POST /api/orgs/o/invitations', apiError(409, 'already_invited', 'a@example.com already has a pending invitation', { email: 'taken' }));
    const error = await client.invitations.create('o', { email: 'a@example.com', role: 'member' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 409, code: 'already_invited', message: 'a@example.com already has a pending invitation', fields: { email: 'taken' } });
  });

  it('reads Retry-After on 429', async () => {
    const { api, client } = setup();
    api.on('POST /api/auth/login', json({ error: { code: 'rate_limited', message: 'slow down' } }, 429, { 'retry-after': '12' }));
    const error = (await client.auth.login({ email: 'a@example.com', password: 'x' }).catch((e: unknown) => e)) as ApiError;
    expect(error.code).toBe('rate_limited');
    expect(error.retryAfter).toBe(12);
  });

  it('names a code from the status when the body is not the contract shape', async () => {
    const { api, client } = setup();
    api.on('GET /api/me', () => new Response('<html>Bad gateway</html>', { status: 403 }));
    const error = (await client.auth.me().catch((e: unknown) => e)) as ApiError;
    expect(error.code).toBe('forbidden');
    expect(error.message).toBe('You do not have permission to do that.');
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
    api.on('POST /api/orgs/o/applications/a%2Fb/reject', { ok: true });
    await client.applications.reject('o', 'a/b', 'spam');
    expect(api.last('POST /api/orgs/o/applications/a%2Fb/reject')!.body).toEqual({ reason: 'spam' });
  });

  it('reads one link’s details, and revokes with or without removing who joined', async () => {
    const { api, client } = setup();
    api.on('GET /api/orgs/o/links/l1', { link: { id: 'l1' }, applications: [], members: [] });
    api.on('DELETE /api/orgs/o/links/l1', { id: 'l1', status: 'revoked', removedMembers: 1 });
    expect(await client.links.get('o', 'l1')).toMatchObject({ link: { id: 'l1' } });
    await client.links.revoke('o', 'l1');
    expect(api.last('DELETE /api/orgs/o/links/l1')).toMatchObject({ body: undefined });
    expect(api.last('DELETE /api/orgs/o/links/l1')!.headers['content-type']).toBeUndefined();
    const revoked = await client.links.revoke('o', 'l1', { removeJoined: true });
    expect(api.last('DELETE /api/orgs/o/links/l1')!.body).toEqual({ removeJoined: true });
    expect(revoked.removedMembers).toBe(1);
  });
});

describe('file downloads', () => {
  it('answer the members export as the file the server sent, with the bearer token', async () => {
    const api = createFakeApi();
    const downloads = api.makeDownloads({ baseUrl: 'http://server.test/', getToken: () => 'secret' });
    const csv = '\uFEFFfirstName,lastName\r\nAnn,Lee\r\n';
    api.on('GET /api/orgs/o%201/members/export', new Response(csv, { headers: { 'content-type': 'text/csv; charset=utf-8' } }));
    const file = await downloads.membersCsv('o 1');
    expect(api.last('GET /api/orgs/o%201/members/export')!.headers.authorization).toBe('Bearer secret');
    expect(file).toBeInstanceOf(Blob);
    expect(file.type).toMatch(/^text\/csv/);
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(new TextEncoder().encode(csv));
  });

  it('fail like the client: the contract error as ApiError, an unreachable server as NetworkError', async () => {
    const api = createFakeApi();
    const downloads = api.makeDownloads({ baseUrl: 'http://server.test', getToken: () => 'secret' });
    api.on('GET /api/orgs/o/members/export', apiError(403, 'forbidden', 'Only owners and admins manage the people of the organization'));
    await expect(downloads.membersCsv('o')).rejects.toMatchObject({ name: 'ApiError', status: 403, code: 'forbidden' });
    const down = createDownloads({ baseUrl: 'http://down.test', getToken: () => null, fetch: () => Promise.reject(new TypeError('Failed to fetch')) });
    await expect(down.membersCsv('o')).rejects.toBeInstanceOf(NetworkError);
  });
});
