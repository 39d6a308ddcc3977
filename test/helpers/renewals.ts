/**
 * Helpers for the renewal tests: an invitation sent through the API with its link's token read from
 * the local mailbox, and maintenance run at the harness clock.
 */
import { eq } from 'drizzle-orm';
import { renewals } from '../../worker/src/db/schema';
import { runMaintenance } from '../../worker/src/features/maintenance/maintenance';
import type { Harness } from './harness';
import { linkToken, messagesTo } from './invitations';

export const HOUR = 3600_000;

/** A personal e-mail invitation sent by `token`'s holder; its id and the token of its link. */
export async function sendInvitation(
  h: Harness,
  orgId: string,
  token: string,
  email: string,
  role: 'owner' | 'admin' | 'member' = 'member',
): Promise<{ id: string; linkToken: string }> {
  const res = await h.call('POST', `/api/orgs/${orgId}/invitations`, {
    token,
    body: { email, role },
  });
  if (res.status !== 201) throw new Error(`invitation: ${res.status} ${res.text}`);
  await h.services.outbox.kick();
  const [mail] = (await messagesTo(h, email)).slice(-1);
  return { id: res.body.invitation.id as string, linkToken: linkToken(mail!.text, 'invite') };
}

/** Maintenance as the cron runs it, then delivery of what it queued. */
export async function maintain(h: Harness) {
  const result = await runMaintenance(h.services);
  await h.services.outbox.kick();
  return result;
}

export const renewalRows = (h: Harness, orgId: string) =>
  h.db.select().from(renewals).where(eq(renewals.orgId, orgId));
