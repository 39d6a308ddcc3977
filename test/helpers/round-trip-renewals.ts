/**
 * Renewals in the round-trip table (test/helpers/round-trip-calls.ts): a link used up, two requests
 * for a new invitation from its page, the list, "invite again" and "dismiss".
 */
import { need, tokenIn, type Run } from './round-trip-calls';

export async function runRenewalCalls(run: Run, token: string): Promise<void> {
  const as = { token };
  const link = await run('create single-use link', 'write', 'POST /api/orgs/:org/links', {
    ...as,
    json: { expiresInHours: 24, maxUses: 1 },
  });
  const joinAt = { params: { token: tokenIn((link.body as { url: string }).url, 'join') } };
  await run('use up the link', 'write', 'POST /api/join/:token', {
    ...joinAt,
    json: { name: 'Una Used', email: 'una@example.com' },
  });
  // Its page (410, with the form) reads as the join page does: one round trip, measured above.
  for (const [name, email] of [
    ['Rita Renew', 'rita@example.com'],
    ['Dan Dismissed', 'dan@example.com'],
  ] as const)
    await run(`ask for a new invitation (${email})`, 'write', 'POST /renew/join/:token', {
      ...joinAt,
      form: { name, email },
    });
  const list = await run('list renewals', 'read', 'GET /api/orgs/:org/renewals', {
    ...as,
    query: 'status=pending',
  });
  const items = (list.body as { items: { id: string; email: string }[] }).items;
  const idOf = (email: string) => ({
    ...as,
    params: {
      id: need(
        items.find((r) => r.email === email),
        `renewal of ${email}`,
      ).id,
    },
  });
  await run(
    'invite again',
    'write',
    'POST /api/orgs/:org/renewals/:id/invite',
    idOf('rita@example.com'),
  );
  await run(
    'dismiss renewal',
    'write',
    'POST /api/orgs/:org/renewals/:id/dismiss',
    idOf('dan@example.com'),
  );
}
