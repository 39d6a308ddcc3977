import { describe, expect, it } from 'vitest';
import type { Org } from '../helpers/fresh';
import type { Harness } from '../helpers/harness';
import { createWorkspace, HOUR, joinWorkspace } from '../helpers/invitations';
import { manageTests } from '../helpers/invitations-manage';
import { addMember, createUser } from '../helpers/seed';

let h: Harness;
let org: Org;
const { base, invite } = manageTests((s) => ({ h, org } = s));

describe('GET /invitations: who sees what', () => {
  it('owners and admins see all; a workspace manager those of their workspaces and their own; a member their own', async () => {
    const [design, sales] = [
      await createWorkspace(h, org.orgId, org.owner.token, 'Design'),
      await createWorkspace(h, org.orgId, org.owner.token, 'Sales'),
    ];
    const manager = await createUser(h, 'manager@acme.test');
    await addMember(h, org.orgId, manager, 'admin');
    const byManager = await invite(manager.token, { email: 'by-manager@example.com' });
    const byFormerAdmin = await invite(org.admin.token, { email: 'by-former-admin@example.com' });
    await addMember(h, org.orgId, manager, 'member'); // no longer an admin: now a manager of Design
    await joinWorkspace(h, org.orgId, design, manager.id, 'manager');
    await joinWorkspace(h, org.orgId, sales, manager.id, 'member');
    const inDesign = await invite(org.owner.token, {
      email: 'design@example.com',
      workspaces: [{ workspaceId: design, role: 'member' }],
    });
    const inSales = await invite(org.owner.token, {
      email: 'sales@example.com',
      workspaces: [{ workspaceId: sales, role: 'member' }],
    });
    const plain = await invite(org.owner.token, { email: 'plain@example.com' });
    await addMember(h, org.orgId, { ...org.admin }, 'member'); // the former admin is now a plain member

    const seen = async (token: string) =>
      ((await h.call('GET', `${base()}?status=pending`, { token })).body.items as { id: string }[])
        .map((i) => i.id)
        .sort();
    const all = [byManager, byFormerAdmin, inDesign, inSales, plain].sort();
    expect(await seen(org.owner.token)).toEqual(all);
    expect(await seen(manager.token)).toEqual([byManager, inDesign].sort());
    expect(await seen(org.admin.token)).toEqual([byFormerAdmin]);
    expect(await seen(org.member.token)).toEqual([]);
  });

  it('filters by effective status and by search, newest first with a cursor', async () => {
    const ids = [];
    for (const name of ['Anna', 'Boris', 'Clara']) {
      ids.push(
        await invite(org.owner.token, {
          email: `${name.toLowerCase()}@example.com`,
          profile: { firstName: name },
        }),
      );
      h.clock.advance(1000);
    }
    h.clock.advance(73 * HOUR);
    const fresh = await invite(org.owner.token, { email: 'dora@example.com' });
    const list = async (q: string) =>
      (await h.call('GET', `${base()}?${q}`, { token: org.owner.token })).body;
    expect((await list('status=pending')).items.map((i: { id: string }) => i.id)).toEqual([fresh]);
    expect((await list('status=expired')).items).toHaveLength(3);
    expect((await list('q=bor')).items.map((i: { id: string }) => i.id)).toEqual([ids[1]]);
    const first = await list('limit=2');
    expect(first.items.map((i: { id: string }) => i.id)).toEqual([fresh, ids[2]]);
    const second = await list(`limit=2&cursor=${first.nextCursor}`);
    expect(second.items.map((i: { id: string }) => i.id)).toEqual([ids[1], ids[0]]);
    expect(second.nextCursor).toBeNull();
    expect((await list('status=bogus')).error.code).toBe('invalid_input');
    expect((await list('cursor=nonsense')).error.code).toBe('invalid_input');
  });
});
