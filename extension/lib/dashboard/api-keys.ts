/**
 * The API keys section's state: the keys page by page, the create form's outcome (the new key,
 * shown once, kept only in memory until the section is left) and revoking.
 */
import { signal } from '@preact/signals';
import type { ApiKeyDto, CreateApiKeyRequest } from '../../../shared/api/api-keys';
import type { AppState } from '../app-state';
import { callAdmin } from './admin';
import { createPagedList } from './paged';

export type ApiKeysState = ReturnType<typeof createApiKeysState>;

/** Whether a key still works as far as the list knows (not revoked, not past its expiry). */
export const keyStatus = (k: ApiKeyDto, now = Date.now()): 'active' | 'revoked' | 'expired' =>
  k.revokedAt ? 'revoked' : k.expiresAt && Date.parse(k.expiresAt) <= now ? 'expired' : 'active';

export function createApiKeysState(app: AppState) {
  const list = createPagedList((cursor) =>
    callAdmin(app, (api, orgId) => api.apiKeys.list(orgId, { cursor })),
  );
  /** The key just created, with its secret: the only time it is shown. */
  const created = signal<{ name: string; key: string } | null>(null);
  const error = signal<unknown>(null);
  const busy = signal(false);

  async function create(body: CreateApiKeyRequest): Promise<boolean> {
    busy.value = true;
    error.value = null;
    try {
      const made = await callAdmin(app, (api, orgId) => api.apiKeys.create(orgId, body));
      created.value = { name: made.name, key: made.key };
      await list.load();
      return true;
    } catch (e) {
      error.value = e;
      return false;
    } finally {
      busy.value = false;
    }
  }

  async function revoke(id: string): Promise<void> {
    error.value = null;
    try {
      await callAdmin(app, (api, orgId) => api.apiKeys.revoke(orgId, id));
      await list.load();
    } catch (e) {
      error.value = e;
    }
  }

  return { list, created, error, busy, create, revoke, load: () => list.load() };
}
