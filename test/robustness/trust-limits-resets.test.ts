/**
 * The trust review's findings about "forgot your password?" (docs/SECURITY.md): strangers' reset
 * requests neither end the owner's link nor refuse a client that signed in before, and reset links
 * go only to accounts that have a password, with the same answer whoever the address belongs to.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { actionTokens } from '../../worker/src/db/schema';
import { addPerson } from '../helpers/invitations';
import { postForm } from '../helpers/links';
import { PASSWORD } from '../helpers/seed';
import { h, acme, outsider, betaId, freshAcmeAndOutsider, login } from '../helpers/trust';

freshAcmeAndOutsider();

describe('strangers cannot stop the owner from resetting a password', () => {
  it('reset requests from elsewhere neither end the owner’s link nor refuse a client that signed in before', async () => {
    const owner = acme.owner.email;
    expect((await login({ email: owner, password: PASSWORD }, '203.0.113.40')).status).toBe(200);
    const ask = (ip: string) =>
      h.call('POST', '/api/auth/password-reset', {
        body: { email: owner },
        headers: { 'cf-connecting-ip': ip },
      });
    expect((await ask('203.0.113.40')).status).toBe(202);
    await h.settled();
    await h.services.outbox.kick();
    const first = (await h.services.mailbox!.all()).filter(
      (m) => m.to === owner && m.text.includes('/reset-password/'),
    )[0]!;
    const firstLink = /\/reset-password\/[A-Za-z0-9_.-]+/.exec(first.text)![0];
    for (let i = 0; i < 12; i++) await ask(`198.51.100.${i + 1}`);
    expect((await ask('203.0.113.99')).status).toBe(429);
    expect((await ask('203.0.113.40')).status).toBe(202);
    // The first link still works.
    const used = await postForm(h, firstLink, {
      newPassword: 'a brand new password',
      confirmPassword: 'a brand new password',
    });
    expect(used.status, used.text).toBe(200);
  });
});

describe('"forgot your password?" reaches only accounts that have one', () => {
  it('a person an organization added, with no password yet, is sent no reset link by e-mail or by phone', async () => {
    await addPerson(h, betaId, outsider.token, { email: 'imported@corp.example' });
    await addPerson(h, betaId, outsider.token, { phone: '+79056667788' });
    const answers = [];
    for (const body of [
      { email: 'imported@corp.example' },
      { phone: '+79056667788' },
      { email: 'nobody-at-all@corp.example' },
    ]) {
      answers.push(
        await h.call('POST', '/api/auth/password-reset', {
          body,
          headers: { 'cf-connecting-ip': '203.0.113.60' },
        }),
      );
    }
    // The same answer whoever the address belongs to.
    expect(new Set(answers.map((a) => `${a.status} ${a.text}`)).size).toBe(1);
    expect(answers[0]!.status).toBe(202);
    await h.settled();
    await h.services.outbox.kick();
    expect(
      await h.db.select().from(actionTokens).where(eq(actionTokens.purpose, 'reset_password')),
    ).toEqual([]);
    const sent = (await h.services.mailbox!.all()).filter((m) =>
      ['imported@corp.example', '+79056667788'].includes(m.to),
    );
    expect(sent).toEqual([]);
  });
});
