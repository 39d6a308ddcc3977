/**
 * The trust review's findings about verification codes (docs/SECURITY.md): a code has limits of
 * its own — tries at a code nobody asked for spend nothing, failed sign-ins for the address neither
 * block its owner's code nor tell whether it has an account, and one address gets at most 10 codes
 * an hour. Clients are told apart by their address (`cf-connecting-ip` here).
 */
import { describe, expect, it } from 'vitest';
import { createOrg } from '../helpers/seed';
import {
  h,
  acme,
  outsider,
  betaId,
  freshAcmeAndOutsider,
  STRICT,
  PER_ACCOUNT,
  PER_CLIENT,
  ATTACKER,
  login,
} from '../helpers/trust';

freshAcmeAndOutsider();

describe('tries at a code nobody asked for spend nothing', () => {
  it('guesses before a code exists are refused without counting, and the owner’s code then works', async () => {
    const res = await h.call('POST', `/api/orgs/${betaId}/invitations`, {
      token: outsider.token,
      body: { email: 'guarded@corp.example', role: 'member', channel: 'link' },
    });
    expect(res.status, res.text).toBe(201);
    const token = String(res.body.url).split('/invite/')[1]!;
    for (let i = 0; i < PER_CLIENT + 5; i++) {
      const guess = await h.call('POST', `/api/invite/${token}/verify`, {
        body: { code: String(10_000_000 + i) },
        headers: ATTACKER,
      });
      expect(guess.status).toBe(403);
    }
    expect(
      await h.services.rateLimiter.count(
        `cred:client:${ATTACKER['cf-connecting-ip']}`,
        h.clock.now(),
      ),
    ).toBe(0);
    // The owner asks for a code and enters it, even from the same network as the guesses.
    expect((await h.call('POST', `/api/invite/${token}/code`, { headers: ATTACKER })).status).toBe(
      202,
    );
    await h.services.outbox.kick();
    const mail = (await h.services.mailbox!.all())
      .filter((m) => m.to === 'guarded@corp.example')
      .at(-1)!;
    const code = /\b(\d{8})\b/.exec(mail.text)![1]!;
    const verified = await h.call('POST', `/api/invite/${token}/verify`, {
      body: { code },
      headers: ATTACKER,
    });
    expect(verified.status, verified.text).toBe(200);
  });
});

describe('a code’s tries are its own', () => {
  it('failed sign-ins for an address, from anywhere, neither block its owner’s code nor tell whether it has an account', async () => {
    const inviteTo = async (email: string, [orgId, token] = [acme.orgId, acme.owner.token]) => {
      const res = await h.call('POST', `/api/orgs/${orgId}/invitations`, {
        token,
        body: { email, role: 'member', channel: 'link' },
      });
      expect(res.status, res.text).toBe(201);
      return String(res.body.url).split('/invite/')[1]!;
    };
    const newHire = 'new-hire@acme.test';
    for (let i = 0; i < PER_ACCOUNT; i++)
      await login(
        { email: newHire, password: `guess ${i}` },
        `198.51.${Math.floor(i / 250)}.${i % 250}`,
      );
    const token = await inviteTo(newHire);
    expect(
      (
        await h.call('POST', `/api/invite/${token}/code`, {
          headers: { 'cf-connecting-ip': '203.0.113.80' },
        })
      ).status,
    ).toBe(202);
    await h.services.outbox.kick();
    const code = /\b(\d{8})\b/.exec(
      (await h.services.mailbox!.all()).filter((m) => m.to === newHire).at(-1)!.text,
    )![1]!;
    const accepted = await h.call('POST', `/api/invite/${token}/accept`, {
      body: { name: 'New Hire', password: 'a good long password', code },
      headers: { 'cf-connecting-ip': '203.0.113.80' },
    });
    expect(accepted.status, accepted.text).toBe(200);
    // The outsider's probe: ten failed sign-ins from one client, then one wrong code (on a copied
    // link of their own) from it. An address with an account and one without answer alike.
    const probe = async (email: string, ip: string) => {
      for (let i = 0; i < STRICT; i++) await login({ email, password: `guess ${i}` }, ip);
      const t = await inviteTo(email, [betaId, outsider.token]);
      await h.call('POST', `/api/invite/${t}/code`, { headers: { 'cf-connecting-ip': ip } });
      return (
        await h.call('POST', `/api/invite/${t}/verify`, {
          body: { code: '00000000' },
          headers: { 'cf-connecting-ip': ip },
        })
      ).status;
    };
    expect(await probe(acme.member.email, '198.51.100.91')).toBe(
      await probe('nobody-here@acme.test', '198.51.100.92'),
    );
  });

  it('one address gets at most 10 codes an hour, whatever the organization or link', async () => {
    // Three organizations' copied links to one address, each asked for codes from other clients.
    const third = await createOrg(h, acme.owner, 'Third');
    const links: string[] = [];
    for (const [orgId, token] of [
      [betaId, outsider.token],
      [acme.orgId, acme.owner.token],
      [third, acme.owner.token],
    ] as const) {
      const res = await h.call('POST', `/api/orgs/${orgId}/invitations`, {
        token,
        body: { email: 'target@corp.example', role: 'member', channel: 'link' },
      });
      links.push(String(res.body.url).split('/invite/')[1]!);
    }
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++)
      statuses.push(
        (
          await h.call('POST', `/api/invite/${links[i % 3]}/code`, {
            headers: { 'cf-connecting-ip': `203.0.113.${100 + i}` },
          })
        ).status,
      );
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(202));
    expect(statuses[10]).toBe(429);
  });
});
