import { describe, expect, it } from 'vitest';
import { invitationWorkspaces } from '../../worker/src/db/schema';
import type { Org } from '../helpers/fresh';
import type { Harness } from '../helpers/harness';
import { createWorkspace, HOUR } from '../helpers/invitations';
import { manageTests } from '../helpers/invitations-manage';

let h: Harness;
let org: Org;
const { base, invite } = manageTests((s) => ({ h, org } = s));

describe('PUT /invitations/:id/workspaces', () => {
  it('changes the workspaces while pending, and they apply on acceptance', async () => {
    const [a, b] = [
      await createWorkspace(h, org.orgId, org.owner.token, 'A'),
      await createWorkspace(h, org.orgId, org.owner.token, 'B'),
    ];
    const id = await invite(org.admin.token, {
      email: 'w@example.com',
      workspaces: [{ workspaceId: a, role: 'member' }],
    });
    const res = await h.call('PUT', `${base()}/${id}/workspaces`, {
      token: org.admin.token,
      body: { workspaces: [{ workspaceId: b, role: 'manager' }] },
    });
    expect(res.status).toBe(200);
    expect(res.body.workspaces).toEqual([{ workspaceId: b, name: 'B', role: 'manager' }]);
    expect(await h.db.select().from(invitationWorkspaces)).toEqual([
      { invitationId: id, workspaceId: b, role: 'manager' },
    ]);
    const cleared = await h.call('PUT', `${base()}/${id}/workspaces`, {
      token: org.admin.token,
      body: { workspaces: [] },
    });
    expect(cleared.body.workspaces).toEqual([]);
  });

  it('refuses grants on an admin invitation, foreign workspaces, owners’ invitations for admins, and after the end', async () => {
    const ws = await createWorkspace(h, org.orgId, org.owner.token, 'A');
    const adminInvite = await invite(org.owner.token, { email: 'a@example.com', role: 'admin' });
    const grant = { workspaces: [{ workspaceId: ws, role: 'member' }] };
    expect(
      (
        await h.call('PUT', `${base()}/${adminInvite}/workspaces`, {
          token: org.owner.token,
          body: grant,
        })
      ).status,
    ).toBe(422);
    const ownerInvite = await invite(org.owner.token, { email: 'o@example.com', role: 'owner' });
    expect(
      (
        await h.call('PUT', `${base()}/${ownerInvite}/workspaces`, {
          token: org.admin.token,
          body: { workspaces: [] },
        })
      ).status,
    ).toBe(403);
    const memberInvite = await invite(org.owner.token, { email: 'm@example.com' });
    const foreign = await h.call('PUT', `${base()}/${memberInvite}/workspaces`, {
      token: org.owner.token,
      body: { workspaces: [{ workspaceId: 'nope', role: 'member' }] },
    });
    expect(foreign.status).toBe(422);
    expect(foreign.body.error.fields).toHaveProperty('workspaces.0.workspaceId');
    expect(
      (
        await h.call('PUT', `${base()}/${memberInvite}/workspaces`, {
          token: org.member.token,
          body: grant,
        })
      ).status,
    ).toBe(403);
    h.clock.advance(73 * HOUR);
    const late = await h.call('PUT', `${base()}/${memberInvite}/workspaces`, {
      token: org.owner.token,
      body: grant,
    });
    expect([late.status, late.body.error.code]).toEqual([410, 'invitation_expired']);
  });
});
