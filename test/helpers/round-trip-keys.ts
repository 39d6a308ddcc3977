/**
 * An organization's server calling with an API key, for the round-trip table
 * (test/helpers/round-trip-calls.ts): the owner creates and lists keys; the key reads and writes as
 * sessions do (its lookup, with its rate counter in the database, in the same round trip as a
 * read); the owner revokes it.
 */
import type { Run } from './round-trip-calls';

export async function runKeyCalls(run: Run, token: string): Promise<void> {
  const as = { token };
  const created = await run('create API key', 'write', 'POST /api/orgs/:org/api-keys', {
    ...as,
    json: { name: 'HR system', role: 'admin', expiresInDays: 90 },
  });
  const { id, key } = created.body as { id: string; key: string };
  await run('list API keys', 'read', 'GET /api/orgs/:org/api-keys', as);
  const byKey = { token: key };
  await run('list members with an API key', 'read', 'GET /api/orgs/:org/members', byKey);
  await run('list invitations with an API key', 'read', 'GET /api/orgs/:org/invitations', byKey);
  await run('create workspace with an API key', 'write', 'POST /api/orgs/:org/workspaces', {
    ...byKey,
    json: { name: 'Synced by the HR system' },
  });
  await run('audit log with an API key', 'read', 'GET /api/orgs/:org/audit', byKey);
  await run('revoke API key', 'write', 'DELETE /api/orgs/:org/api-keys/:id', {
    ...as,
    params: { id },
  });
}
