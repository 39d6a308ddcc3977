import { describe, expect, it } from 'vitest';
import type { Org } from '../helpers/fresh';
import type { Harness } from '../helpers/harness';
import { apply, createLink } from '../helpers/links';
import { linkTests } from '../helpers/links-setup';
import { orgWithRoles } from '../helpers/seed';

let h: Harness;
let org: Org;
const { links } = linkTests((s) => ({ h, org } = s));

describe('revoking links', () => {
  it('revoking stops the link at once; the creator and admins may, other members may not', async () => {
    const adminLink = await createLink(h, org.orgId, org.admin.token);
    const denied = await h.call('DELETE', `${links()}/${adminLink.id}`, {
      token: org.member.token,
    });
    expect(denied.status).toBe(403);
    expect((await h.call('GET', `/api/join/${adminLink.token}`)).status).toBe(200);

    const own = await createLink(h, org.orgId, org.member.token);
    const mine = await h.call('DELETE', `${links()}/${own.id}`, { token: org.member.token });
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ id: own.id, status: 'revoked', removedMembers: 0 });

    const byAdmin = await h.call('DELETE', `${links()}/${adminLink.id}`, {
      token: org.owner.token,
    });
    expect(byAdmin.body.status).toBe('revoked');
    for (const link of [own, adminLink]) {
      const res = await apply(h, link.token, { name: 'Late', email: 'late@example.com' });
      expect(res.status).toBe(410);
      expect(res.body.error.code).toBe('link_revoked');
    }
  });

  it('"reset all" revokes every link the caller created, and only those', async () => {
    const a1 = await createLink(h, org.orgId, org.admin.token);
    const a2 = await createLink(h, org.orgId, org.admin.token, { maxUses: 5 });
    const m1 = await createLink(h, org.orgId, org.member.token);
    const res = await h.call('POST', `${links()}/reset`, { token: org.admin.token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ revoked: 2 });
    for (const link of [a1, a2])
      expect((await h.call('GET', `/api/join/${link.token}`)).body.error.code).toBe('link_revoked');
    expect((await h.call('GET', `/api/join/${m1.token}`)).status).toBe(200);
    expect((await h.call('POST', `${links()}/reset`, { token: org.admin.token })).body).toEqual({
      revoked: 0,
    });
  });

  it('a link of another organization is not found (404) for every action', async () => {
    const other = await orgWithRoles(h, 'Other');
    const theirs = await createLink(h, other.orgId, other.admin.token);
    for (const [method, path] of [
      ['GET', `${links()}/${theirs.id}`],
      ['GET', `${links()}/${theirs.id}/qr.svg`],
      ['DELETE', `${links()}/${theirs.id}`],
    ] as const) {
      const res = await h.call(method, path, { token: org.owner.token });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
    expect((await h.call('GET', `/api/join/${theirs.token}`)).status).toBe(200);
  });
});
