/**
 * Finding 9 of the trust review (docs/SECURITY.md) and the one after it about search: no
 * organization sees another's data about a person. An outsider's organization adds a member of
 * another organization and tries to learn their phone, when they registered and were last active
 * elsewhere, or to find them by the name they gave their account.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { users } from '../../worker/src/db/schema';
import { addPerson, deliver, HOUR, initialPasswordIn, messagesTo } from '../helpers/invitations';
import { h, acme, outsider, betaId, freshAcmeAndOutsider } from '../helpers/trust';

freshAcmeAndOutsider();

const MEMBER_PHONE = '+79051234567';

describe('no organization sees another’s data about a person', () => {
  it('adding an address known elsewhere answers exactly as adding a newcomer', async () => {
    await h.db
      .update(users)
      .set({ phone: MEMBER_PHONE, lastActiveAt: h.clock.now() })
      .where(eq(users.id, acme.member.id));
    h.clock.advance(HOUR);
    const known = await h.call('POST', `/api/orgs/${betaId}/members`, {
      token: outsider.token,
      body: { firstName: 'Known', lastName: 'Person', email: acme.member.email },
    });
    const fresh = await h.call('POST', `/api/orgs/${betaId}/members`, {
      token: outsider.token,
      body: { firstName: 'Known', lastName: 'Person', email: 'nobody-yet@corp.example' },
    });
    expect(known.status).toBe(201);
    const strip = (b: Record<string, unknown>) => ({ ...b, userId: 'id', email: 'address' });
    expect(strip(known.body)).toEqual(strip(fresh.body));
    expect(known.body).toMatchObject({ registeredAt: null, lastActiveAt: null, phone: null });
    // The list, one member's record and the export say no more.
    const one = await h.call('GET', `/api/orgs/${betaId}/members/${acme.member.id}`, {
      token: outsider.token,
    });
    expect(one.body).toMatchObject({ registeredAt: null, lastActiveAt: null, phone: null });
    const csv = await h.call('GET', `/api/orgs/${betaId}/members/export`, {
      token: outsider.token,
    });
    expect(csv.text).not.toContain(MEMBER_PHONE);
    const search = await h.call(
      'GET',
      `/api/orgs/${betaId}/search?q=${encodeURIComponent(MEMBER_PHONE)}`,
      { token: outsider.token },
    );
    expect(search.body.items).toEqual([]);
  });

  it('each organization sees when the person joined it and last used it, not the others', async () => {
    h.clock.advance(2 * HOUR);
    await h.call('GET', `/api/orgs/${acme.orgId}/links`, { token: acme.member.token });
    const inAcme = await h.call('GET', `/api/orgs/${acme.orgId}/members/${acme.member.id}`, {
      token: acme.owner.token,
    });
    expect(Date.parse(inAcme.body.lastActiveAt)).toBe(h.clock.now());
    await h.call('POST', `/api/orgs/${betaId}/members`, {
      token: outsider.token,
      body: { firstName: 'M', lastName: 'M', email: acme.member.email },
    });
    const inBeta = await h.call('GET', `/api/orgs/${betaId}/members/${acme.member.id}`, {
      token: outsider.token,
    });
    expect(inBeta.body).toMatchObject({ lastActiveAt: null, registeredAt: null });
  });
});

describe('an organization finds people only by what it knows of them', () => {
  it('the name a person gave their account elsewhere is not in another organization’s search', async () => {
    await h.db
      .update(users)
      .set({ name: 'Jonathan Secretson' })
      .where(eq(users.id, acme.member.id));
    await h.call('POST', `/api/orgs/${betaId}/members`, {
      token: outsider.token,
      body: { firstName: 'Qq', lastName: 'Qq', email: acme.member.email },
    });
    for (const q of ['secretson', 'jonathan', 'jonath']) {
      expect(
        (await h.call('GET', `/api/orgs/${betaId}/members?q=${q}`, { token: outsider.token })).body
          .items,
        q,
      ).toEqual([]);
      expect(
        (await h.call('GET', `/api/orgs/${betaId}/search?q=${q}`, { token: outsider.token })).body
          .items,
        q,
      ).toEqual([]);
    }
    expect(
      (await h.call('GET', `/api/orgs/${betaId}/members?q=qq`, { token: outsider.token })).body
        .items,
    ).toHaveLength(1);
    // Acme, which gave the person no name of its own, finds them by the account's name.
    expect(
      (
        await h.call('GET', `/api/orgs/${acme.orgId}/members?q=secretson`, {
          token: acme.owner.token,
        })
      ).body.items,
    ).toHaveLength(1);
  });

  it('an initial password gives the account the name its organization knows, not one another organization typed', async () => {
    await h.call('PATCH', `/api/orgs/${acme.orgId}/settings`, {
      token: acme.owner.token,
      body: { sendInitialPassword: true },
    });
    const id = await addPerson(h, acme.orgId, acme.owner.token, {
      email: 'hire@corp.example',
      firstName: 'Hana',
      lastName: 'Hire',
    });
    // The outsider added the same address first, under a name of their choosing.
    await h.db.update(users).set({ name: 'IT-Helpdesk: call +1 555 0100' }).where(eq(users.id, id));
    await h.call('POST', `/api/orgs/${acme.orgId}/members/invite`, {
      token: acme.owner.token,
      body: { userIds: [id], channel: 'email' },
    });
    await deliver(h);
    const password = initialPasswordIn((await messagesTo(h, 'hire@corp.example'))[0]!.text);
    const signedIn = await h.call('POST', '/api/auth/login', {
      body: { email: 'hire@corp.example', password },
    });
    expect(signedIn.status, signedIn.text).toBe(200);
    expect(signedIn.body.user.name).toBe('Hana Hire');
    expect((await h.db.select().from(users).where(eq(users.id, id)))[0]!.name).toBe('Hana Hire');
  });
});
