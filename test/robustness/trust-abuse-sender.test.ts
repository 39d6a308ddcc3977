/**
 * Finding 6 of the trust review (docs/SECURITY.md): an organization's messages say whose they are.
 * Its name may carry no web address, its invitations say the organization chose the name, and a
 * sign-in address it chose is named as its own, never as this service's.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Harness } from '../helpers/harness';
import { addPerson, deliver, linkToken, messagesTo } from '../helpers/invitations';
import { postForm } from '../helpers/links';
import { createOrg, createUser } from '../helpers/seed';
import { startingWith } from '../helpers/trust';

let h: Harness;
afterEach(() => h.close());
const start = startingWith((started) => {
  h = started;
});

describe('an organization’s messages say whose they are', () => {
  it('its name may carry no web address or reordering characters, and its invitations say the name is its own', async () => {
    const org = await start();
    const someone = await createUser(h, 'someone@example.com');
    for (const name of [
      'Reset at https://evil.example',
      'www.evil.example support',
      'Acme\u202Egnp.exe',
      'evil.example/login',
      'Verify at invitations-support.example/login',
      'https:\\\\evil.example',
      'Ｗｗｗ．evil．example',
      'x\u200dwww.evil.example',
    ]) {
      const res = await h.call('POST', '/api/orgs', { token: someone.token, body: { name } });
      expect(res.status, name).toBe(422);
    }
    const beta = await createOrg(h, someone, 'Invitations Security Team');
    await h.call('POST', `/api/orgs/${beta}/invitations`, {
      token: someone.token,
      body: { email: 'target@example.com', role: 'member' },
    });
    await deliver(h);
    const [mail] = await messagesTo(h, 'target@example.com');
    expect(mail!.subject).toBe('Invitation to join “Invitations Security Team”');
    expect(mail!.text).toContain(
      'Sent on behalf of “Invitations Security Team”, an organization that uses this invitation service; the organization chose its name',
    );
    expect(org.orgId).toBeTruthy();
  });

  it('a sign-in address the organization chose is named as its own, never as this service’s', async () => {
    const org = await start();
    await h.call('PATCH', `/api/orgs/${org.orgId}/settings`, {
      token: org.owner.token,
      body: { loginUrl: 'https://signin.acme.example/' },
    });
    const id = await addPerson(h, org.orgId, org.owner.token, { email: 'hire@example.com' });
    await h.call('POST', `/api/orgs/${org.orgId}/members/invite`, {
      token: org.owner.token,
      body: { userIds: [id], channel: 'email' },
    });
    await deliver(h);
    const [mail] = await messagesTo(h, 'hire@example.com');
    expect(mail!.text).toContain('Sign-in page given by “Acme”: https://signin.acme.example/');
    expect(mail!.text).not.toContain('Login address: https://signin.acme.example/');
    // The hosted page that ends an invitation says the same.
    await h.call('POST', `/api/orgs/${org.orgId}/invitations`, {
      token: org.owner.token,
      body: { email: 'next@example.com', role: 'member' },
    });
    await deliver(h);
    const token = linkToken((await messagesTo(h, 'next@example.com'))[0]!.text, 'invite');
    const accepted = await postForm(h, `/invite/${token}`, {
      name: 'Next Person',
      password: 'a good long password',
    });
    expect(accepted.status, accepted.text).toBe(200);
    expect(accepted.text).toContain('Sign-in page given by “Acme”:');
    expect(accepted.text).toContain('https://signin.acme.example/');
  });
});
