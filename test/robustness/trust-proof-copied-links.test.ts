/**
 * Finding 1 of the trust review (docs/SECURITY.md): an address becomes an account's only on proof.
 * An outsider with an organization of their own tries to bind someone else's address with a copied
 * invitation link — through the API and the hosted pages, guessing the code, reading what the link
 * tells of the address's account, accepting while signed in as themselves. Every attempt goes
 * through the real app on a real database.
 */
import { describe, expect, it } from 'vitest';
import {
  acceptCopiedLink,
  codeSentTo,
  deliver,
  linkToken,
  messagesTo,
} from '../helpers/invitations';
import { mailTo, postForm } from '../helpers/links';
import { changedTables, fingerprint } from '../helpers/robustness';
import { createUser, login } from '../helpers/seed';
import {
  h,
  acme,
  outsider,
  freshAcmeAndOutsider,
  VICTIM,
  OUTSIDER_PASSWORD,
  copiedLink,
  victimAccount,
} from '../helpers/trust';

freshAcmeAndOutsider();

describe('an outsider cannot bind an address by a copied link', () => {
  it('accepting a copied link for someone else’s address, through the API or the page, needs a code sent there, and changes nothing without it', async () => {
    const token = await copiedLink(VICTIM);
    const before = await fingerprint(h.db);
    const api = await h.call('POST', `/api/invite/${token}/accept`, {
      body: { name: 'Not The Victim', password: OUTSIDER_PASSWORD },
    });
    expect([api.status, api.body.error.code]).toEqual([403, 'verification_required']);
    const page = await postForm(h, `/invite/${token}`, {
      name: 'Not The Victim',
      password: OUTSIDER_PASSWORD,
    });
    expect(page.status).toBe(403);
    expect(changedTables(before, await fingerprint(h.db))).toEqual([]);
    expect(await victimAccount()).toBeUndefined();
    expect(
      (
        await h.call('POST', '/api/auth/login', {
          body: { email: VICTIM, password: OUTSIDER_PASSWORD },
        })
      ).status,
    ).toBe(401);
  });

  it('the code goes to the invitation’s address, not to whoever asks, and a guess does not open the door', async () => {
    const token = await copiedLink(VICTIM);
    const sent = await h.call('POST', `/api/invite/${token}/code`);
    expect([sent.status, sent.body.sentTo, sent.body.channel]).toEqual([202, VICTIM, 'email']);
    await deliver(h);
    expect(await messagesTo(h, outsider.email)).toEqual([]);
    const real = await codeSentTo(h, VICTIM);
    expect(real).toMatch(/^\d{8}$/);
    const guesses = ['00000000', '12345678', '99999999', '11111111', '22222222'].filter(
      (g) => g !== real,
    );
    for (const code of guesses.slice(0, 4)) {
      const res = await h.call('POST', `/api/invite/${token}/accept`, {
        body: { name: 'Guesser', password: OUTSIDER_PASSWORD, code },
      });
      expect([res.status, res.body.error.code]).toEqual([401, 'invalid_credentials']);
    }
    // The fifth try, even the right code, finds the code used up by the guesses.
    await h.call('POST', `/api/invite/${token}/accept`, {
      body: { name: 'Guesser', password: OUTSIDER_PASSWORD, code: guesses[4] },
    });
    const late = await h.call('POST', `/api/invite/${token}/accept`, {
      body: { name: 'Guesser', password: OUTSIDER_PASSWORD, code: real },
    });
    expect([late.status, late.body.error.code]).toEqual([403, 'verification_required']);
    expect(await victimAccount()).toBeUndefined();
  });

  it('the address’s owner accepts with the code, and the account starts out proven', async () => {
    const token = await copiedLink(VICTIM);
    const ok = await acceptCopiedLink(h, token, {
      name: 'Real Victim',
      password: 'the victim chose this',
    });
    expect(ok.status, ok.text).toBe(200);
    expect((await victimAccount())!.emailVerifiedAt).not.toBeNull();
    // The next copied link to this address needs a code too (its holder learns nothing of the
    // account before), then the account's password; signed in to the proven account, its session is
    // enough.
    const next = await copiedLink(VICTIM, acme.orgId, acme.owner.token);
    expect((await h.call('GET', `/api/invite/${next}`)).body).toMatchObject({ needsCode: true });
    expect((await h.call('GET', `/api/invite/${next}`)).body.account).toBeUndefined();
    const withCode = await acceptCopiedLink(h, next, { password: 'the victim chose this' });
    expect(withCode.status, withCode.text).toBe(200);
    const third = await copiedLink(
      VICTIM,
      (await h.call('POST', '/api/orgs', { token: acme.owner.token, body: { name: 'Third' } })).body
        .id,
      acme.owner.token,
    );
    const session = await login(h, VICTIM, 'the victim chose this');
    expect(
      (
        await h.call('POST', `/api/invite/${third}/accept`, {
          body: { password: 'the victim chose this' },
          token: session,
        })
      ).status,
    ).toBe(200);
  });

  it('the hosted page asks for the code, sends it, and accepts with it', async () => {
    const token = await copiedLink(VICTIM);
    const page = await h.call('GET', `/invite/${token}`);
    expect(page.text).toContain(`Send a code to ${VICTIM}`);
    const sent = await postForm(h, `/invite/${token}/code`, {});
    expect(sent.status).toBe(200);
    expect(sent.text).toContain('name="code"');
    expect(sent.text).not.toContain('name="password"');
    const code = await codeSentTo(h, VICTIM);
    // Opened again (from the message, say), the page asks for the code already sent rather than
    // sending another.
    const reopened = await h.call('GET', `/invite/${token}`);
    expect(reopened.text).toContain('name="code"');
    expect(reopened.text).toContain(`We sent a code to ${VICTIM}`);
    const wrong = await postForm(h, `/invite/${token}/verify`, {
      code: code === '00000000' ? '00000001' : '00000000',
    });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('name="code"');
    const right = await postForm(h, `/invite/${token}/verify`, { code });
    expect(right.status).toBe(200);
    expect(right.text).toContain('name="name"');
    expect(right.text).toContain(`name="code" value="${code}"`);
    const ok = await postForm(h, `/invite/${token}`, {
      name: 'Real Victim',
      password: 'the victim chose this',
      code,
    });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.text).toContain('Welcome to Beta');
  });

  it('the right code spends no try: pages that check it again leave it its five', async () => {
    const token = await copiedLink(VICTIM);
    await postForm(h, `/invite/${token}/code`, {});
    const code = await codeSentTo(h, VICTIM);
    // A person going back and forth (the step after /verify, a form sent back) checks the same
    // right code many times.
    for (let i = 0; i < 7; i++)
      expect((await postForm(h, `/invite/${token}/verify`, { code })).status).toBe(200);
    // Wrong ones still count: four of them leave one try, which the right code passes.
    const wrong = code === '00000000' ? '00000001' : '00000000';
    for (let i = 0; i < 4; i++)
      expect((await postForm(h, `/invite/${token}/verify`, { code: wrong })).status).toBe(401);
    const ok = await postForm(h, `/invite/${token}`, {
      name: 'Real Victim',
      password: 'the victim chose this',
      code,
    });
    expect(ok.status, ok.text).toBe(200);
  });

  it('an invitation that went by e-mail needs no code: its link is the proof', async () => {
    const res = await h.call('POST', `/api/orgs/${acme.orgId}/invitations`, {
      token: acme.owner.token,
      body: { email: VICTIM, role: 'member' },
    });
    expect(res.status).toBe(201);
    const token = linkToken((await mailTo(h, VICTIM))[0]!.text, 'invite');
    expect((await h.call('GET', `/api/invite/${token}`)).body.needsCode).toBe(false);
    expect((await h.call('POST', `/api/invite/${token}/code`)).status).toBe(409);
    expect(
      (
        await h.call('POST', `/api/invite/${token}/accept`, {
          body: { name: 'Real Victim', password: 'the victim chose this' },
        })
      ).status,
    ).toBe(200);
    expect((await victimAccount())!.emailVerifiedAt).not.toBeNull();
  });
});

describe('a copied link’s holder learns nothing of the address’s account before the code', () => {
  it('an address with a proven account and one without look alike, on the API and the page, until the code', async () => {
    await createUser(h, 'known@corp.example');
    const known = await copiedLink('known@corp.example');
    const unknown = await copiedLink('unknown@corp.example');
    const info = async (token: string) => {
      const {
        email: _e,
        expiresAt: _x,
        ...rest
      } = (await h.call('GET', `/api/invite/${token}`)).body;
      return rest;
    };
    expect(await info(known)).toEqual(await info(unknown));
    const accept = async (token: string) =>
      (
        await h.call('POST', `/api/invite/${token}/accept`, {
          body: { name: 'X', password: 'short' },
        })
      ).body.error.code;
    expect(await accept(known)).toBe('verification_required');
    expect(await accept(unknown)).toBe('verification_required');
    const page = async (token: string) =>
      (await h.call('GET', `/invite/${token}`)).text
        .replaceAll(token, 'T')
        .replace(/(known|unknown)@corp\.example/g, 'A')
        .replace(/<time[^>]*>[^<]*<\/time>/, '');
    expect(await page(known)).toEqual(await page(unknown));
    // After the code, the page shows the form that applies.
    await h.call('POST', `/api/invite/${known}/code`);
    const verified = await h.call('POST', `/api/invite/${known}/verify`, {
      body: { code: await codeSentTo(h, 'known@corp.example') },
    });
    expect(verified.body).toEqual({ account: 'existing' });
  });
});

describe('accepting while signed in as someone else', () => {
  it('says which account the invitation is for, refuses the other one, and changes nothing', async () => {
    const token = await copiedLink(VICTIM);
    const info = await h.call('GET', `/api/invite/${token}`, { token: outsider.token });
    expect(info.body.signedIn).toEqual({ account: outsider.email, matches: false });
    const before = await fingerprint(h.db);
    const res = await h.call('POST', `/api/invite/${token}/accept`, {
      body: { password: 'correct horse battery' },
      token: outsider.token,
    });
    expect([res.status, res.body.error.code]).toEqual([403, 'forbidden']);
    expect(res.body.error.message).toContain(`for ${VICTIM}`);
    expect(res.body.error.message).toContain(`signed in as ${outsider.email}`);
    expect(changedTables(before, await fingerprint(h.db))).toEqual([]);
    expect((await h.call('GET', `/invite/${token}`)).text).toContain(
      `This invitation is for ${VICTIM} alone`,
    );
  });
});
