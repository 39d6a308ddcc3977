/**
 * The setup of the tests of accepting a personal invitation: a fresh harness with Acme before each
 * test; an invitation sent by e-mail with the token its message carries; the accept call; and a
 * snapshot of what an acceptance changes, to prove a refused one changed nothing.
 */
import { eq } from 'drizzle-orm';
import { invitations, memberships, users } from '../../worker/src/db/schema';
import { freshOrg, type Fresh } from './fresh';

/** A new person's name and password. */
export const NEW = { name: 'Alice Liddell', password: 'a good long password' };

export function acceptTests(set: (s: Fresh) => void) {
  const current = freshOrg(set);
  /**
   * An invitation sent by e-mail (its link proves the address): answers its id and the token its
   * message carries.
   */
  async function invite(token: string, body: Record<string, unknown>) {
    const { h, org } = current();
    const res = await h.call('POST', `/api/orgs/${org.orgId}/invitations`, {
      token,
      body: { role: 'member', channel: 'email', ...body },
    });
    if (res.status !== 201) throw new Error(`${res.status} ${res.text}`);
    const [row] = await h.db
      .select()
      .from(invitations)
      .where(eq(invitations.id, res.body.invitation.id));
    return {
      id: row!.id,
      token: await h.services.tokens.derive('invitation', row!.id, row!.tokenNonce),
    };
  }
  const accept = (token: string, body: Record<string, unknown>, bearer?: string) =>
    current().h.call('POST', `/api/invite/${token}/accept`, { body, token: bearer });
  const snapshot = async () => {
    const { h } = current();
    return {
      invitations: await h.db.select().from(invitations),
      memberships: await h.db.select().from(memberships),
      users: (await h.db.select().from(users)).map((u) => ({ ...u, lastActiveAt: null })),
    };
  };
  return { invite, accept, snapshot };
}
