/**
 * Findings 2 and 9 of the trust review (docs/SECURITY.md): an account's e-mail, phone and password are its own, and
 * no organization sees another's data about a person. An outsider's organization adds or edits a member of another
 * organization and tries to point the account's phone at a number of theirs, or to learn when the person registered
 * and was last active elsewhere.
 */
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { users } from '../../worker/src/db/schema';
import { startHarness, type Harness } from '../helpers/harness';
import { addPerson, deliver, HOUR, linkToken, messagesTo } from '../helpers/invitations';
import { postForm } from '../helpers/links';
import { acmeAndOutsider, orgWithRoles, type Person } from '../helpers/seed';

let h: Harness;
let acme: Awaited<ReturnType<typeof orgWithRoles>>;
let outsider: Person;
let betaId: string;
const ATTACKER_PHONE = '+79990000001';
const MEMBER_PHONE = '+79051234567';

beforeEach(async () => {
  h = await startHarness();
  ({ acme, outsider, betaId } = await acmeAndOutsider(h));
});
afterEach(() => h.close());

const accountPhone = async (id: string) => (await h.db.select({ phone: users.phone }).from(users).where(eq(users.id, id)))[0]!.phone;

describe('another organization’s admin cannot change an account’s phone', () => {
  it('adding or editing an active member of another organization leaves the account’s phone as it is', async () => {
    // An active Acme member whose account has no phone yet: the first one written would become the account's.
    const added = await h.call('POST', `/api/orgs/${betaId}/members`, { token: outsider.token, body: { firstName: 'Some', lastName: 'One', email: acme.member.email, phone: ATTACKER_PHONE } });
    expect(added.status, added.text).toBe(201);
    expect(await accountPhone(acme.member.id)).toBeNull();
    const edited = await h.call('PATCH', `/api/orgs/${betaId}/members/${acme.member.id}`, { token: outsider.token, body: { phone: '+79990000002' } });
    expect(edited.status, edited.text).toBe(200);
    expect(await accountPhone(acme.member.id)).toBeNull();
    // What Acme knows of the person is unchanged too.
    expect((await h.call('GET', `/api/orgs/${acme.orgId}/members/${acme.member.id}`, { token: acme.owner.token })).body.phone).toBeNull();
  });

  it('an SMS that Beta sends to its own number for that person can neither set the password nor make them join', async () => {
    const victim = await addPerson(h, acme.orgId, acme.owner.token, { email: 'pending@corp.example', phone: MEMBER_PHONE });
    await addPerson(h, betaId, outsider.token, { email: 'pending@corp.example', phone: ATTACKER_PHONE });
    expect(await accountPhone(victim)).toBe(MEMBER_PHONE);
    const sent = await h.call('POST', `/api/orgs/${betaId}/members/invite`, { token: outsider.token, body: { userIds: [victim], channel: 'sms' } });
    expect(sent.body.queued).toBe(1);
    await deliver(h);
    const [sms] = await messagesTo(h, ATTACKER_PHONE);
    const token = linkToken(sms!.text, 'set-password');
    // The link proves Beta's number only: the account signs in with its e-mail address, which must be proven first.
    const page = await h.call('GET', `/set-password/${token}`);
    expect(page.text).toContain('Send a code to pending@corp.example');
    const tried = await postForm(h, `/set-password/${token}`, { newPassword: 'the attacker chose this', confirmPassword: 'the attacker chose this' });
    expect(tried.status).toBe(403);
    const [account] = await h.db.select().from(users).where(eq(users.id, victim));
    expect(account!.passwordHash).toBeNull();
  });

  it('while the account is the organization’s alone and unused, its admin may set the phone; once another organization has it, no longer', async () => {
    const id = await addPerson(h, betaId, outsider.token, { email: 'fresh@corp.example' });
    const set = await h.call('PATCH', `/api/orgs/${betaId}/members/${id}`, { token: outsider.token, body: { phone: MEMBER_PHONE } });
    expect(set.status).toBe(200);
    expect(await accountPhone(id)).toBe(MEMBER_PHONE);
    await addPerson(h, acme.orgId, acme.owner.token, { email: 'fresh@corp.example' });
    await h.call('PATCH', `/api/orgs/${betaId}/members/${id}`, { token: outsider.token, body: { phone: ATTACKER_PHONE } });
    expect(await accountPhone(id)).toBe(MEMBER_PHONE);
  });
});

describe('no organization sees another’s data about a person', () => {
  it('adding an address known elsewhere answers exactly as adding a newcomer', async () => {
    await h.db.update(users).set({ phone: MEMBER_PHONE, lastActiveAt: h.clock.now() }).where(eq(users.id, acme.member.id));
    h.clock.advance(HOUR);
    const known = await h.call('POST', `/api/orgs/${betaId}/members`, { token: outsider.token, body: { firstName: 'Known', lastName: 'Person', email: acme.member.email } });
    const fresh = await h.call('POST', `/api/orgs/${betaId}/members`, { token: outsider.token, body: { firstName: 'Known', lastName: 'Person', email: 'nobody-yet@corp.example' } });
    expect(known.status).toBe(201);
    const strip = (b: Record<string, unknown>) => ({ ...b, userId: 'id', email: 'address' });
    expect(strip(known.body)).toEqual(strip(fresh.body));
    expect(known.body).toMatchObject({ registeredAt: null, lastActiveAt: null, phone: null });
    // The list, one member's record and the export say no more.
    const one = await h.call('GET', `/api/orgs/${betaId}/members/${acme.member.id}`, { token: outsider.token });
    expect(one.body).toMatchObject({ registeredAt: null, lastActiveAt: null, phone: null });
    const csv = await h.call('GET', `/api/orgs/${betaId}/members/export`, { token: outsider.token });
    expect(csv.text).not.toContain(MEMBER_PHONE);
    const search = await h.call('GET', `/api/orgs/${betaId}/search?q=${encodeURIComponent(MEMBER_PHONE)}`, { token: outsider.token });
    expect(search.body.items).toEqual([]);
  });

  it('each organization sees when the person joined it and last used it, not the others', async () => {
    h.clock.advance(2 * HOUR);
    await h.call('GET', `/api/orgs/${acme.orgId}/links`, { token: acme.member.token });
    const inAcme = await h.call('GET', `/api/orgs/${acme.orgId}/members/${acme.member.id}`, { token: acme.owner.token });
    expect(Date.parse(inAcme.body.lastActiveAt)).toBe(h.clock.now());
    await h.call('POST', `/api/orgs/${betaId}/members`, { token: outsider.token, body: { firstName: 'M', lastName: 'M', email: acme.member.email } });
    const inBeta = await h.call('GET', `/api/orgs/${betaId}/members/${acme.member.id}`, { token: outsider.token });
    expect(inBeta.body).toMatchObject({ lastActiveAt: null, registeredAt: null });
  });
});
