import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  actionTokens,
  invitations,
  inviteLinks,
  memberships,
  users,
} from '../../worker/src/db/schema';
import { startHarness, type Harness } from '../helpers/harness';
import { changedTables, fingerprint } from '../helpers/robustness';
import {
  addPerson,
  createDepartment,
  createWorkspace,
  HOUR,
  joinWorkspace,
} from '../helpers/invitations';
import { createOrg, createUser, orgWithRoles } from '../helpers/seed';

let h: Harness;
let org: Awaited<ReturnType<typeof orgWithRoles>>;
beforeEach(async () => {
  h = await startHarness();
  org = await orgWithRoles(h);
});
afterEach(() => h.close());

const base = () => `/api/orgs/${org.orgId}/members`;
const PROFILE = {
  firstName: 'Ivan',
  lastName: 'Petrov',
  gender: 'male',
  birthday: '1990-04-30',
  email: 'ivan@example.com',
  phone: '+7 905 111 11 11',
  position: 'Engineer',
};

describe('POST /members (add user)', () => {
  it('adds a pending member with the seed’s profile, not yet invited', async () => {
    const dep = await createDepartment(h, org.orgId, org.owner.token, 'Engineering');
    const res = await h.call('POST', base(), {
      token: org.admin.token,
      body: { ...PROFILE, departmentId: dep },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      email: 'ivan@example.com',
      phone: '+79051111111',
      name: 'Ivan Petrov',
      gender: 'male',
      birthday: '1990-04-30',
      position: 'Engineer',
      departmentId: dep,
      role: 'member',
      status: 'pending',
      invitationState: 'not_invited',
      registeredAt: null,
      lastActiveAt: null,
    });
    const list = await h.call('GET', `${base()}?status=pending`, { token: org.admin.token });
    expect(list.body.items.map((m: { userId: string }) => m.userId)).toEqual([res.body.userId]);
  });

  it('refuses bad profiles with 422 naming the field, and changes nothing', async () => {
    const other = await createUser(h, 'boss@globex.test');
    const foreignDep = await createDepartment(
      h,
      await createOrg(h, other, 'Globex'),
      other.token,
      'Sales',
    );
    const cases: [Record<string, unknown>, string][] = [
      [{ ...PROFILE, firstName: '' }, 'firstName'],
      [{ firstName: 'A', lastName: 'B' }, 'email'],
      [{ ...PROFILE, phone: '9051111111' }, 'phone'],
      [{ ...PROFILE, email: 'not-an-address' }, 'email'],
      [{ ...PROFILE, birthday: '30.04.1990' }, 'birthday'],
      [{ ...PROFILE, gender: 'x' }, 'gender'],
      [{ ...PROFILE, departmentId: foreignDep }, 'departmentId'],
      [{ ...PROFILE, role: 'OWNER' }, 'role'],
      [{ ...PROFILE, role: 'owner ' }, 'role'],
    ];
    for (const [body, field] of cases) {
      const res = await h.call('POST', base(), { token: org.owner.token, body });
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.error.fields).toHaveProperty(field);
    }
    expect(await h.db.select().from(users).where(eq(users.email, 'ivan@example.com'))).toHaveLength(
      0,
    );
  });

  it('only an owner adds an owner; members cannot add anyone', async () => {
    expect(
      (
        await h.call('POST', base(), {
          token: org.admin.token,
          body: { ...PROFILE, role: 'owner' },
        })
      ).status,
    ).toBe(403);
    expect((await h.call('POST', base(), { token: org.member.token, body: PROFILE })).status).toBe(
      403,
    );
    expect(
      (
        await h.call('POST', base(), {
          token: org.owner.token,
          body: { ...PROFILE, role: 'owner' },
        })
      ).status,
    ).toBe(201);
  });

  it('answers 409 already_member for someone already in the organization, by e-mail or by phone', async () => {
    await addPerson(h, org.orgId, org.owner.token, { email: 'a@example.com' });
    const byEmail = await h.call('POST', base(), {
      token: org.owner.token,
      body: { firstName: 'A', lastName: 'B', email: 'A@Example.com' },
    });
    expect([byEmail.status, byEmail.body.error.code]).toEqual([409, 'already_member']);
    const active = await h.call('POST', base(), {
      token: org.owner.token,
      body: { firstName: 'A', lastName: 'B', email: org.member.email },
    });
    expect(active.status).toBe(409);
    await addPerson(h, org.orgId, org.owner.token, { phone: '+79051111111' });
    const byPhone = await h.call('POST', base(), {
      token: org.owner.token,
      body: { firstName: 'A', lastName: 'B', phone: '79051111111' },
    });
    expect([byPhone.status, byPhone.body.error.code]).toEqual([409, 'already_member']);
  });
});

describe('PATCH /members/:userId', () => {
  it('edits the profile, role and department of a pending member', async () => {
    const id = await addPerson(h, org.orgId, org.owner.token, { email: 'a@example.com' });
    const dep = await createDepartment(h, org.orgId, org.owner.token, 'Ops');
    const res = await h.call('PATCH', `${base()}/${id}`, {
      token: org.admin.token,
      body: {
        firstName: 'Anna',
        position: 'Lead',
        departmentId: dep,
        role: 'admin',
        phone: '+44 7911 123456',
      },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      firstName: 'Anna',
      position: 'Lead',
      departmentId: dep,
      role: 'admin',
      phone: '+447911123456',
    });
    const cleared = await h.call('PATCH', `${base()}/${id}`, {
      token: org.admin.token,
      body: { position: null, departmentId: null },
    });
    expect(cleared.body).toMatchObject({ position: null, departmentId: null });
  });

  it('keeps the role rules: admins cannot edit or make owners; the last owner stays; an account keeps its own phone', async () => {
    expect(
      (
        await h.call('PATCH', `${base()}/${org.owner.id}`, {
          token: org.admin.token,
          body: { position: 'x' },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await h.call('PATCH', `${base()}/${org.member.id}`, {
          token: org.admin.token,
          body: { role: 'owner' },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await h.call('PATCH', `${base()}/${org.member.id}`, {
          token: org.member.token,
          body: { position: 'x' },
        })
      ).status,
    ).toBe(403);
    const last = await h.call('PATCH', `${base()}/${org.owner.id}`, {
      token: org.owner.token,
      body: { role: 'admin' },
    });
    expect([last.status, last.body.error.code]).toEqual([409, 'conflict']);
    // The organization's own record of the phone changes; the account's phone is the account's.
    const phone = await h.call('PATCH', `${base()}/${org.member.id}`, {
      token: org.owner.token,
      body: { phone: '+79051111111' },
    });
    expect([phone.status, phone.body.phone]).toEqual([200, '+79051111111']);
    expect(
      (await h.db.select({ phone: users.phone }).from(users).where(eq(users.id, org.member.id)))[0]!
        .phone,
    ).toBeNull();
    expect(
      (
        await h.call('PATCH', `${base()}/nobody`, {
          token: org.owner.token,
          body: { position: 'x' },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await h.call('PATCH', `${base()}/${org.member.id}`, {
          token: org.owner.token,
          body: { role: 'OWNER' },
        })
      ).status,
    ).toBe(422);
  });
});

describe('PATCH /members/:userId: the phone of a person without an e-mail address', () => {
  it('refuses a phone another such member here has with 409 already_member, and changes nothing', async () => {
    const taken = '+79051111111';
    await addPerson(h, org.orgId, org.owner.token, { phone: taken });
    const other = await addPerson(h, org.orgId, org.owner.token, { phone: '+79052222222' });
    const before = await fingerprint(h.db);
    const res = await h.call('PATCH', `${base()}/${other}`, {
      token: org.owner.token,
      body: { firstName: 'Renamed', phone: '+7 905 111-11-11' },
    });
    expect(res.status, res.text).toBe(409);
    expect(res.body.error).toMatchObject({
      code: 'already_member',
      fields: { phone: expect.any(String) },
    });
    expect(res.body.error.message).toContain(taken);
    expect(changedTables(before, await fingerprint(h.db))).toEqual([]);
    expect(
      (await h.call('GET', `${base()}/${other}`, { token: org.owner.token })).body,
    ).toMatchObject({ phone: '+79052222222', firstName: 'Test' });
  });

  it('lets that phone go to a member with an e-mail address, and to a phone-only member of another organization', async () => {
    const taken = '+79051111111';
    await addPerson(h, org.orgId, org.owner.token, { phone: taken });
    const withEmail = await addPerson(h, org.orgId, org.owner.token, {
      email: 'has-mail@example.com',
    });
    expect(
      (
        await h.call('PATCH', `${base()}/${withEmail}`, {
          token: org.owner.token,
          body: { phone: taken },
        })
      ).status,
    ).toBe(200);
    const otherOrg = await createOrg(h, org.owner, 'Globex');
    const elsewhere = await addPerson(h, otherOrg, org.owner.token, { phone: '+79052222222' });
    const moved = await h.call('PATCH', `/api/orgs/${otherOrg}/members/${elsewhere}`, {
      token: org.owner.token,
      body: { phone: taken },
    });
    expect([moved.status, moved.body.phone]).toEqual([200, taken]);
  });
});

describe('DELETE /members/:userId', () => {
  it('ends access at once and revokes their links, invitations and outstanding set-password links', async () => {
    const link = await h.call('POST', `/api/orgs/${org.orgId}/links`, {
      token: org.admin.token,
      body: { expiresInHours: 24 },
    });
    expect(link.status).toBe(201);
    const sent = await h.call('POST', `/api/orgs/${org.orgId}/invitations`, {
      token: org.admin.token,
      body: { email: 'x@example.com', role: 'member' },
    });
    const toThem = await h.call('POST', `/api/orgs/${org.orgId}/invitations`, {
      token: org.owner.token,
      body: { email: 'pending@example.com', role: 'member' },
    });
    const pending = await addPerson(h, org.orgId, org.owner.token, {
      email: 'pending@example.com',
    });
    await h.call('POST', `${base()}/invite`, {
      token: org.owner.token,
      body: { userIds: [pending], channel: 'email' },
    });
    const ws = await createWorkspace(h, org.orgId, org.owner.token, 'W');
    await joinWorkspace(h, org.orgId, ws, org.admin.id, 'manager');

    expect((await h.call('GET', `${base()}`, { token: org.admin.token })).status).toBe(200);
    expect(
      (await h.call('DELETE', `${base()}/${org.admin.id}`, { token: org.owner.token })).status,
    ).toBe(204);
    const refused = await h.call('GET', `${base()}`, { token: org.admin.token });
    expect([refused.status, refused.body.error.code]).toEqual([404, 'not_found']);
    expect((await h.call('GET', '/api/me', { token: org.admin.token })).body.memberships).toEqual(
      [],
    );
    const [l] = await h.db.select().from(inviteLinks).where(eq(inviteLinks.id, link.body.id));
    expect(l!.revokedAt).not.toBeNull();
    const [inv] = await h.db
      .select()
      .from(invitations)
      .where(eq(invitations.id, sent.body.invitation.id));
    expect(inv!.status).toBe('canceled');

    expect(
      (await h.call('DELETE', `${base()}/${pending}`, { token: org.owner.token })).status,
    ).toBe(204);
    const [theirs] = await h.db
      .select()
      .from(invitations)
      .where(eq(invitations.id, toThem.body.invitation.id));
    expect(theirs!.status).toBe('canceled');
    expect(
      (await h.db.select().from(actionTokens).where(eq(actionTokens.userId, pending))).every(
        (t) => t.usedAt !== null,
      ),
    ).toBe(true);
    expect(
      await h.db.select().from(memberships).where(eq(memberships.userId, pending)),
    ).toHaveLength(0);
    expect(
      (await h.call('DELETE', `${base()}/${pending}`, { token: org.owner.token })).status,
    ).toBe(404);
  });

  it('admins cannot remove owners, members cannot remove anyone, and the last owner stays', async () => {
    expect(
      (await h.call('DELETE', `${base()}/${org.owner.id}`, { token: org.admin.token })).status,
    ).toBe(403);
    expect(
      (await h.call('DELETE', `${base()}/${org.admin.id}`, { token: org.member.token })).status,
    ).toBe(403);
    const last = await h.call('DELETE', `${base()}/${org.owner.id}`, { token: org.owner.token });
    expect([last.status, last.body.error.code]).toEqual([409, 'conflict']);
  });
});

describe('GET /members', () => {
  it('searches by name, e-mail or phone and filters by status, invitation state, registration and activity', async () => {
    const ivan = await addPerson(h, org.orgId, org.owner.token, {
      firstName: 'Иван',
      lastName: 'Петров',
      email: 'ivan@example.com',
      phone: '+79051111111',
    });
    h.clock.advance(1000);
    const zhang = await addPerson(h, org.orgId, org.owner.token, {
      firstName: '张伟',
      lastName: 'Zhang',
      email: 'wei@example.cn',
    });
    const ids = async (q: string) =>
      (
        (await h.call('GET', `${base()}?${q}`, { token: org.owner.token })).body.items as {
          userId: string;
        }[]
      ).map((m) => m.userId);
    expect(await ids(`q=${encodeURIComponent('ИВ')}`)).toEqual([ivan]);
    expect(await ids('q=ivan%40example')).toEqual([ivan]);
    expect(await ids('q=%2B7905')).toEqual([ivan]);
    expect(await ids('q=9051111')).toEqual([ivan]);
    expect(await ids(`q=${encodeURIComponent('伟')}`)).toEqual([zhang]);
    expect(await ids('q=nobody')).toEqual([]);
    expect((await ids('status=active')).sort()).toEqual(
      [org.owner.id, org.admin.id, org.member.id].sort(),
    );
    expect(await ids('status=pending')).toEqual([zhang, ivan]);
    expect(await ids('invitation=not_invited&status=pending&limit=1')).toEqual([zhang]);
    expect(await ids('invitation=queued')).toEqual([]);
    const day = new Date(h.clock.now()).toISOString().slice(0, 10);
    expect((await ids(`registeredFrom=${day}`)).length).toBe(3);
    expect(await ids(`activeTo=2000-01-01`)).toEqual([]);
    const bad = await h.call('GET', `${base()}?registeredFrom=yesterday`, {
      token: org.owner.token,
    });
    expect(bad.status).toBe(422);
    expect((await h.call('GET', base(), { token: org.member.token })).status).toBe(403);
    expect((await h.call('GET', `${base()}/${ivan}`, { token: org.member.token })).status).toBe(
      403,
    );
    expect((await h.call('GET', `${base()}/${ivan}`, { token: org.admin.token })).body.name).toBe(
      'Иван Петров',
    );
    h.clock.advance(HOUR);
  });
});

describe('GET /members/export', () => {
  it('writes CSV that a spreadsheet will not execute, while the API shows values as stored', async () => {
    const id = await addPerson(h, org.orgId, org.owner.token, {
      firstName: '=cmd()',
      lastName: '+SUM(A1)',
      position: '@evil',
      email: 'f@example.com',
      phone: '+79051111111',
    });
    expect(
      (await h.call('GET', `${base()}/${id}`, { token: org.owner.token })).body.firstName,
    ).toBe('=cmd()');
    const res = await h.call('GET', `${base()}/export`, { token: org.owner.token });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const line = res.text.split('\r\n').find((l) => l.includes('f@example.com'))!;
    expect(line.startsWith("'=cmd(),'+SUM(A1),")).toBe(true);
    expect(line).toContain(",'@evil,");
    expect(line).toContain(',+79051111111,');
    expect((await h.call('GET', `${base()}/export`, { token: org.member.token })).status).toBe(403);
  });
});
