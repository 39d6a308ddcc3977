/**
 * Renewals in the round-trip table (test/helpers/round-trip-calls.ts): a link used up and its page
 * with the ask form, requests for a new invitation from it; an invitation whose time ran out, its
 * page with the form and a request from it; the list, "invite again", "send a link" and "dismiss".
 */
import { mailTo, need, tokenIn, type Run } from './round-trip-calls';
import type { RoundTripRig } from './round-trips';

export async function runRenewalCalls(rig: RoundTripRig, run: Run, token: string): Promise<void> {
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
  await run('spent link page (ask form)', 'read', 'GET /join/:token', { ...joinAt, expect: 410 });
  for (const [name, email] of [
    ['Rita Renew', 'rita@example.com'],
    ['Dan Dismissed', 'dan@example.com'],
  ] as const)
    await run(`ask for a new invitation (${email})`, 'write', 'POST /renew/join/:token', {
      ...joinAt,
      form: { name, email },
    });
  const invited = await run('invitation to expire', 'write', 'POST /api/orgs/:org/invitations', {
    ...as,
    json: { email: 'lena@example.com', role: 'member' },
  });
  const invitationId = (invited.body as { invitation: { id: string } }).invitation.id;
  const inviteAt = { params: { token: tokenIn(mailTo(rig, 'lena@example.com'), 'invite') } };
  // Its time runs out (the scene is set past the counting proxy).
  await rig.execute('UPDATE invitations SET expires_at = ? WHERE id = ?', [
    Date.now() - 60_000,
    invitationId,
  ]);
  await run('expired invitation page (ask form)', 'read', 'GET /invite/:token', {
    ...inviteAt,
    expect: 410,
  });
  await run('ask for a new invitation (expired invitation)', 'write', 'POST /renew/invite/:token', {
    ...inviteAt,
    form: { name: 'Lena Late' },
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
    'send a fresh link',
    'write',
    'POST /api/orgs/:org/renewals/:id/link',
    idOf('lena@example.com'),
  );
  await run(
    'dismiss renewal',
    'write',
    'POST /api/orgs/:org/renewals/:id/dismiss',
    idOf('dan@example.com'),
  );
}
