import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { users } from '../../worker/src/db/schema';
import { freshOrg, type Org } from '../helpers/fresh';
import type { Harness } from '../helpers/harness';
import { addPerson, createDepartment } from '../helpers/invitations';
import { createOrg, createUser } from '../helpers/seed';

let h: Harness;
let org: Org;
freshOrg((s) => ({ h, org } = s));

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
