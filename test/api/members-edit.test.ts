import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { users } from '../../worker/src/db/schema';
import { freshOrg, type Org } from '../helpers/fresh';
import type { Harness } from '../helpers/harness';
import { changedTables, fingerprint } from '../helpers/robustness';
import { addPerson, createDepartment } from '../helpers/invitations';
import { createOrg } from '../helpers/seed';

let h: Harness;
let org: Org;
freshOrg((s) => ({ h, org } = s));

const base = () => `/api/orgs/${org.orgId}/members`;

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
