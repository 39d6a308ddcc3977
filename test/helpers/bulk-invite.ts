/**
 * The setup of the tests of inviting people in bulk (`POST /members/invite`): a fresh harness whose
 * message quota no test reaches, with Acme, before each test; and what the tests do with them —
 * send to people by id, read a person's invitation state, add someone whose contact data came from
 * elsewhere.
 */
import { and, eq } from 'drizzle-orm';
import { memberships, users } from '../../worker/src/db/schema';
import { newId } from '../../worker/src/lib/ids';
import { freshOrg, type Fresh } from './fresh';
import { AT_SCALE_QUOTA } from './harness';

export function bulkInvite(set: (s: Fresh) => void) {
  const current = freshOrg(set, { messageQuota: AT_SCALE_QUOTA });
  const send = (token: string, userIds: string[], channel: 'email' | 'sms' = 'email') => {
    const { h, org } = current();
    return h.call('POST', `/api/orgs/${org.orgId}/members/invite`, {
      token,
      body: { userIds, channel },
    });
  };
  const stateOf = async (userId: string) => {
    const { h, org } = current();
    const [m] = await h.db
      .select()
      .from(memberships)
      .where(and(eq(memberships.orgId, org.orgId), eq(memberships.userId, userId)));
    return { state: m!.invitationState, error: m!.invitationError, status: m!.status };
  };
  /**
   * Someone whose profile came from elsewhere (an older system) with contact data as it was typed.
   */
  async function legacyPerson(contact: { email?: string; phone?: string }): Promise<string> {
    const { h, org } = current();
    const id = newId();
    const t = h.clock.now();
    await h.db.insert(users).values({
      id,
      email: contact.email ?? null,
      phone: contact.phone ?? null,
      name: 'Legacy',
      createdAt: t,
    });
    await h.db.insert(memberships).values({
      orgId: org.orgId,
      userId: id,
      role: 'member',
      status: 'pending',
      source: 'import',
      phone: contact.phone ?? null,
      createdAt: t,
      updatedAt: t,
    });
    return id;
  }
  return { send, stateOf, legacyPerson };
}
