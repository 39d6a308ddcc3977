/**
 * The trust review's finding about names (docs/SECURITY.md): the name on a new account is the one
 * its owner types when choosing the first password, never one an organization typed.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { users } from '../../worker/src/db/schema';
import { addPerson, deliver, linkToken, messagesTo } from '../helpers/invitations';
import { postForm } from '../helpers/links';
import { h, outsider, betaId, freshAcmeAndOutsider } from '../helpers/trust';

freshAcmeAndOutsider();

describe('the name on a new account is its owner’s', () => {
  it('choosing the first password asks for the person’s name, refuses a web address, and keeps what they typed', async () => {
    const id = await addPerson(h, betaId, outsider.token, {
      email: 'named@corp.example',
      firstName: 'Given',
      lastName: 'ByBeta',
    });
    await h.call('POST', `/api/orgs/${betaId}/members/invite`, {
      token: outsider.token,
      body: { userIds: [id], channel: 'email' },
    });
    await deliver(h);
    const token = linkToken((await messagesTo(h, 'named@corp.example'))[0]!.text, 'set-password');
    const page = await h.call('GET', `/set-password/${token}`);
    expect(page.text).toContain('Your name');
    const form = { newPassword: 'a good long password', confirmPassword: 'a good long password' };
    const refused = await postForm(h, `/set-password/${token}`, {
      ...form,
      name: 'Support at www.evil.example',
    });
    expect(refused.status).toBe(422);
    expect(
      (await postForm(h, `/set-password/${token}`, { ...form, name: 'Real Name' })).status,
    ).toBe(200);
    const [account] = await h.db.select().from(users).where(eq(users.id, id));
    expect(account!.name).toBe('Real Name');
  });
});
