import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { inviteLinks, organizations } from '../../worker/src/db/schema';
import type { Org } from '../helpers/fresh';
import type { Harness } from '../helpers/harness';
import { apply, createLink } from '../helpers/links';
import { linkTests } from '../helpers/links-setup';

let h: Harness;
let org: Org;
const { links, settings } = linkTests((s) => ({ h, org } = s));

describe('who may create links and choose their options', () => {
  it('a member creates member links with approval while allowMemberLinks is on', async () => {
    const res = await h.call('POST', links(), {
      token: org.member.token,
      body: { expiresInHours: 24 },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ role: 'member', requiresApproval: true, departmentId: null });
  });

  it('a member may not create links when allowMemberLinks is off (403); an admin still may', async () => {
    await settings({ allowMemberLinks: false });
    const res = await h.call('POST', links(), {
      token: org.member.token,
      body: { expiresInHours: 24 },
    });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
    expect(
      (await h.call('POST', links(), { token: org.admin.token, body: { expiresInHours: 24 } }))
        .status,
    ).toBe(201);
  });

  it('a member may not choose the role or the department (403)', async () => {
    const dep = await h.call('POST', `/api/orgs/${org.orgId}/departments`, {
      token: org.admin.token,
      body: { name: 'Ops' },
    });
    for (const body of [{ role: 'admin' }, { departmentId: dep.body.id }]) {
      const res = await h.call('POST', links(), {
        token: org.member.token,
        body: { expiresInHours: 24, ...body },
      });
      expect(res.status, JSON.stringify(body)).toBe(403);
    }
    expect(await h.db.select().from(inviteLinks)).toHaveLength(0);
  });

  it('a member may turn approval off only when memberLinksRequireApproval is off', async () => {
    const forced = await h.call('POST', links(), {
      token: org.member.token,
      body: { expiresInHours: 24, requiresApproval: false },
    });
    expect(forced.status).toBe(403);
    await settings({ memberLinksRequireApproval: false });
    const free = await h.call('POST', links(), {
      token: org.member.token,
      body: { expiresInHours: 24, requiresApproval: false },
    });
    expect(free.status).toBe(201);
    expect(free.body.requiresApproval).toBe(false);
  });
});

describe('an organization whose stored settings predate some keys', () => {
  it('falls back to the defaults: member links still require approval, and joining works', async () => {
    await h.db
      .update(organizations)
      .set({ settings: {} as never })
      .where(eq(organizations.id, org.orgId));
    expect(
      (
        await h.call('POST', links(), {
          token: org.member.token,
          body: { expiresInHours: 24, requiresApproval: false },
        })
      ).status,
    ).toBe(403);
    expect(
      (await h.call('POST', links(), { token: org.admin.token, body: { expiresInHours: null } }))
        .status,
    ).toBe(422);
    const open = await createLink(h, org.orgId, org.admin.token, { requiresApproval: false });
    expect((await apply(h, open.token, { name: 'Ann', email: 'ann@example.com' })).body).toEqual({
      status: 'approved',
    });
  });
});
