import { describe, expect, it } from 'vitest';
import { freshOrg, type Org } from '../helpers/fresh';
import type { Harness } from '../helpers/harness';
import { addPerson, HOUR } from '../helpers/invitations';

let h: Harness;
let org: Org;
freshOrg((s) => ({ h, org } = s));

const base = () => `/api/orgs/${org.orgId}/members`;

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
