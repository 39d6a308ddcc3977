/**
 * The setup of the tests of managing personal invitations (resend, cancel, workspaces, the list): a
 * fresh harness with Acme before each test, the invitations route, an invitation sent through it,
 * and accepting one that went by e-mail.
 */
import { freshOrg, type Fresh } from './fresh';

export const NEWCOMER = { name: 'New Person', password: 'a good long password' };

export function manageTests(set: (s: Fresh) => void) {
  const current = freshOrg(set);
  const base = () => `/api/orgs/${current().org.orgId}/invitations`;
  async function invite(token: string, body: Record<string, unknown>): Promise<string> {
    const res = await current().h.call('POST', base(), {
      token,
      body: { role: 'member', ...body },
    });
    if (res.status !== 201) throw new Error(`${res.status} ${res.text}`);
    return res.body.invitation.id as string;
  }
  /** Accepts an invitation that went by e-mail (its link proves the address). */
  const accept = (token: string) =>
    current().h.call('POST', `/api/invite/${token}/accept`, { body: NEWCOMER });
  return { base, invite, accept };
}
