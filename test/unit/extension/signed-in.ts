/**
 * What most extension tests start from: before each test a fresh fake browser and a scripted API
 * that knows the signed-in user, and an app state signed in to it (to an organization of the given
 * session).
 */
import { beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createAppState, type AppState } from '../../../extension/lib/app-state';
import { stores, type StoredSession } from '../../../extension/lib/storage';
import { createFakeApi, type FakeApi } from './fake-api';
import { loginResponse, session } from './fixtures';

export function useSignedInApp() {
  let api: FakeApi;
  beforeEach(() => {
    fakeBrowser.reset();
    api = createFakeApi();
    api.on('GET /api/me', { user: loginResponse().user, memberships: loginResponse().memberships });
  });
  return {
    get api(): FakeApi {
      return api;
    },
    async signedIn(overrides: Partial<StoredSession> = {}): Promise<AppState> {
      await stores.session.setValue(session(overrides));
      if (overrides.memberships)
        api.on('GET /api/me', { user: loginResponse().user, memberships: overrides.memberships });
      const app = createAppState({ stores, makeClient: api.makeClient });
      await app.start();
      return app;
    },
  };
}
