import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createAppState } from '../../../extension/lib/app-state';
import { stores } from '../../../extension/lib/storage';
import { createApiClient, NetworkError } from '../../../shared/client';
import { ERROR_SENTENCES } from '../../../shared/errors';
import { describeError } from '../../../extension/lib/errors';
import { apiError, createFakeApi, type FakeApi } from './fake-api';
import { loginResponse, SERVER, session } from './fixtures';

let api: FakeApi;

function app(now = () => Date.parse('2030-01-01T00:00:00Z')) {
  return createAppState({ stores, makeClient: api.makeClient, now });
}

beforeEach(() => {
  fakeBrowser.reset();
  api = createFakeApi();
  api.on('GET /api/me', { user: loginResponse().user, memberships: loginResponse().memberships });
});

describe('signing in and out', () => {
  it('tells a server the browser does not let it reach apart from one that is down', async () => {
    const unreachable = () =>
      createApiClient({
        baseUrl: 'http://second.example:8787',
        getToken: () => null,
        fetch: () =>
          Promise.reject(new TypeError('NetworkError when attempting to fetch resource.')),
      });
    const attempt = async (granted: boolean) => {
      const state = createAppState({
        stores,
        makeClient: unreachable,
        hasAccess: async () => granted,
      });
      await state.start();
      return describeError(
        await state
          .signIn({
            serverUrl: 'http://second.example:8787',
            email: 'a@example.com',
            password: 'pw',
          })
          .catch((e: unknown) => e),
      );
    };
    expect(await attempt(false)).toBe(
      'Invitations may not reach second.example:8787 yet. Sign in again and choose “Allow” when your browser asks.',
    );
    expect(await attempt(true)).toBe(describeError(new NetworkError('http://second.example:8787')));
    expect(await attempt(true)).toContain('Cannot reach the server');
  });

  it('starts signed out with no stored session', async () => {
    const state = app();
    await state.start();
    expect(state.phase.value).toBe('signedOut');
  });

  it('keeps the session token in the local storage area after signing in', async () => {
    api.on('POST /api/auth/login', loginResponse());
    const state = app();
    await state.start();
    await state.signIn({
      serverUrl: 'http://localhost:8787/',
      email: ' admin@example.com ',
      password: 'pw',
    });
    expect(api.last('POST /api/auth/login')!.body).toEqual({
      email: 'admin@example.com',
      password: 'pw',
    });
    expect(state.phase.value).toBe('ready');
    expect(state.membership.value?.orgName).toBe('Acme');
    expect(state.isAdmin.value).toBe(true);
    const stored = await fakeBrowser.storage.local.get('session');
    expect(stored.session).toMatchObject({ token: 'token-1', serverUrl: SERVER, orgId: 'org-1' });
  });

  it('signs in with a phone number when the account has no e-mail address', async () => {
    api.on('POST /api/auth/login', loginResponse());
    const state = app();
    await state.start();
    await state.signIn({ serverUrl: SERVER, email: ' +7 905 111-11-11 ', password: 'pw' });
    expect(api.last('POST /api/auth/login')!.body).toEqual({
      phone: '+7 905 111-11-11',
      password: 'pw',
    });
    expect(state.phase.value).toBe('ready');
  });

  it('keeps the session out of the sync and session areas', async () => {
    api.on('POST /api/auth/login', loginResponse());
    const state = app();
    await state.start();
    await state.signIn({ serverUrl: SERVER, email: 'admin@example.com', password: 'pw' });
    expect(await fakeBrowser.storage.sync.get(null)).toEqual({});
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
  });

  it('shows the server sentence for wrong credentials and stays signed out', async () => {
    api.on(
      'POST /api/auth/login',
      apiError(401, 'invalid_credentials', 'That e-mail and password do not match.'),
    );
    const state = app();
    await state.start();
    await expect(
      state.signIn({ serverUrl: SERVER, email: 'a@example.com', password: 'x' }),
    ).rejects.toMatchObject({ code: 'invalid_credentials' });
    expect(state.phase.value).toBe('signedOut');
    expect(await fakeBrowser.storage.local.get('session')).toEqual({});
  });

  it('asks for a new password first when the account must change it', async () => {
    api.on(
      'POST /api/auth/login',
      loginResponse({ user: { ...loginResponse().user, mustChangePassword: true } }),
    );
    api.on('POST /api/account/password', () => new Response(null, { status: 204 }));
    const state = app();
    await state.start();
    await state.signIn({ serverUrl: SERVER, email: 'admin@example.com', password: 'initial' });
    expect(state.phase.value).toBe('changePassword');
    await state.changePassword('initial', 'a-much-longer-password');
    expect(api.last('POST /api/account/password')!.body).toEqual({
      currentPassword: 'initial',
      newPassword: 'a-much-longer-password',
    });
    expect(state.phase.value).toBe('ready');
  });

  it('signs out: forgets the token and tells the server', async () => {
    api.on('POST /api/auth/logout', () => new Response(null, { status: 204 }));
    await stores.session.setValue(session());
    const state = app();
    await state.start();
    await state.signOut();
    expect(state.phase.value).toBe('signedOut');
    expect(state.notice.value).toBeNull();
    expect(await stores.session.getValue()).toBeNull();
    expect(api.last('POST /api/auth/logout')!.headers.authorization).toBe('Bearer token-1');
  });
});

describe('an ended session', () => {
  it('goes back to sign-in when the stored session has expired', async () => {
    await stores.session.setValue(session({ expiresAt: '2029-12-31T00:00:00Z' }));
    const state = app();
    await state.start();
    expect(state.phase.value).toBe('signedOut');
    expect(state.notice.value).toBe(ERROR_SENTENCES.unauthenticated);
    expect(await stores.session.getValue()).toBeNull();
  });

  it('goes back to sign-in when the server answers 401 to any call', async () => {
    await stores.session.setValue(session());
    const state = app();
    await state.start();
    api.on('GET /api/orgs/org-1', apiError(401, 'unauthenticated', 'session ended'));
    await expect(state.call((client, orgId) => client.orgs.get(orgId))).rejects.toMatchObject({
      status: 401,
    });
    expect(state.phase.value).toBe('signedOut');
    expect(state.notice.value).toBe(ERROR_SENTENCES.unauthenticated);
  });

  it('keeps the session on other errors', async () => {
    await stores.session.setValue(session());
    const state = app();
    await state.start();
    api.on('GET /api/orgs/org-1', apiError(403, 'forbidden', 'no'));
    await expect(state.call((client, orgId) => client.orgs.get(orgId))).rejects.toMatchObject({
      status: 403,
    });
    expect(state.phase.value).toBe('ready');
  });
});

describe('organizations', () => {
  it('switches the organization it acts for and remembers it', async () => {
    await stores.session.setValue(session());
    const state = app();
    await state.start();
    await state.switchOrg('org-2');
    expect(state.membership.value?.orgName).toBe('Beta');
    expect(state.isAdmin.value).toBe(false);
    expect((await stores.session.getValue())?.orgId).toBe('org-2');
    await state.switchOrg('not-mine');
    expect(state.orgId.value).toBe('org-2');
  });

  it('refreshes memberships from the server after start', async () => {
    api.on('GET /api/me', {
      user: loginResponse().user,
      memberships: [{ orgId: 'org-3', orgName: 'Gamma', role: 'owner' }],
    });
    await stores.session.setValue(session());
    const state = app();
    await state.start();
    await state.refreshAccount();
    expect(state.membership.value).toEqual({ orgId: 'org-3', orgName: 'Gamma', role: 'owner' });
  });

  it('follows a sign-out made on another page', async () => {
    await stores.session.setValue(session());
    const state = app();
    await state.start();
    await stores.session.setValue(null);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(state.phase.value).toBe('signedOut');
  });
});
