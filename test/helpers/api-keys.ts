/** API keys made through the API by a person who may (features/api-keys/). */
import type { Harness } from './harness';

export interface CreatedKey {
  id: string;
  key: string;
  name: string;
  role: 'admin' | 'member';
}

export async function createApiKey(
  h: Harness,
  orgId: string,
  token: string,
  body: { name?: string; role?: 'admin' | 'member'; expiresInDays?: number } = {},
): Promise<CreatedKey> {
  const res = await h.call('POST', `/api/orgs/${orgId}/api-keys`, {
    token,
    body: { name: 'CI server', role: 'admin', ...body },
  });
  if (res.status !== 201) throw new Error(`key creation failed: ${res.status} ${res.text}`);
  return res.body as CreatedKey;
}

/** The key's secret half (what must never show up anywhere but the answer that created it). */
export const secretOf = (key: string) => key.slice(key.indexOf('.') + 1);
