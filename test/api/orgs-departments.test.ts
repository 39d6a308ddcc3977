import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import {
  departments,
  invitations,
  invitationWorkspaces,
  inviteLinks,
  memberships,
  workspaceMembers,
} from '../../worker/src/db/schema';
import { freshHarness } from '../helpers/fresh';
import type { Harness } from '../helpers/harness';
import { addPerson, joinWorkspace } from '../helpers/invitations';
import { orgWithRoles } from '../helpers/seed';

let h: Harness;
freshHarness((s) => ({ h } = s));

describe('departments and workspaces', () => {
  for (const kind of ['departments', 'workspaces'] as const) {
    it(`${kind}: admins create, rename, list and delete; names are unique per organization`, async () => {
      const { orgId, admin } = await orgWithRoles(h);
      const created = await h.call('POST', `/api/orgs/${orgId}/${kind}`, {
        token: admin.token,
        body: { name: 'Sales' },
      });
      expect(created.status).toBe(201);
      const dup = await h.call('POST', `/api/orgs/${orgId}/${kind}`, {
        token: admin.token,
        body: { name: 'Sales' },
      });
      expect(dup.status).toBe(409);
      expect(dup.body.error).toMatchObject({
        code: 'conflict',
        fields: { name: 'is already used' },
      });
      const renamed = await h.call('PATCH', `/api/orgs/${orgId}/${kind}/${created.body.id}`, {
        token: admin.token,
        body: { name: 'Field sales' },
      });
      expect(renamed.body.name).toBe('Field sales');
      const list = await h.call('GET', `/api/orgs/${orgId}/${kind}`, { token: admin.token });
      expect(list.body).toMatchObject({
        items: [{ id: created.body.id, name: 'Field sales' }],
        nextCursor: null,
      });
      expect(
        (
          await h.call('DELETE', `/api/orgs/${orgId}/${kind}/${created.body.id}`, {
            token: admin.token,
          })
        ).status,
      ).toBe(204);
      expect(
        (await h.call('GET', `/api/orgs/${orgId}/${kind}`, { token: admin.token })).body.items,
      ).toEqual([]);
    });

    it(`${kind}: members may list but not change them`, async () => {
      const { orgId, admin, member } = await orgWithRoles(h);
      const created = await h.call('POST', `/api/orgs/${orgId}/${kind}`, {
        token: admin.token,
        body: { name: 'Sales' },
      });
      expect(
        (await h.call('GET', `/api/orgs/${orgId}/${kind}`, { token: member.token })).status,
      ).toBe(200);
      expect(
        (
          await h.call('POST', `/api/orgs/${orgId}/${kind}`, {
            token: member.token,
            body: { name: 'Mine' },
          })
        ).status,
      ).toBe(403);
      expect(
        (
          await h.call('PATCH', `/api/orgs/${orgId}/${kind}/${created.body.id}`, {
            token: member.token,
            body: { name: 'X' },
          })
        ).status,
      ).toBe(403);
      expect(
        (
          await h.call('DELETE', `/api/orgs/${orgId}/${kind}/${created.body.id}`, {
            token: member.token,
          })
        ).status,
      ).toBe(403);
    });

    it(`${kind}: another organization's ${kind} answer 404 and are not changed`, async () => {
      const a = await orgWithRoles(h, 'Acme');
      const b = await orgWithRoles(h, 'Globex');
      const theirs = await h.call('POST', `/api/orgs/${b.orgId}/${kind}`, {
        token: b.owner.token,
        body: { name: 'Secret' },
      });
      expect(
        (
          await h.call('PATCH', `/api/orgs/${a.orgId}/${kind}/${theirs.body.id}`, {
            token: a.owner.token,
            body: { name: 'Hacked' },
          })
        ).status,
      ).toBe(404);
      expect(
        (
          await h.call('DELETE', `/api/orgs/${a.orgId}/${kind}/${theirs.body.id}`, {
            token: a.owner.token,
          })
        ).status,
      ).toBe(404);
      expect(
        (await h.call('GET', `/api/orgs/${b.orgId}/${kind}`, { token: b.owner.token })).body
          .items[0].name,
      ).toBe('Secret');
    });
  }

  it('departments form a tree without cycles and within the organization', async () => {
    const a = await orgWithRoles(h, 'Acme');
    const b = await orgWithRoles(h, 'Globex');
    const post = (org: string, token: string, body: unknown) =>
      h.call('POST', `/api/orgs/${org}/departments`, { token, body });
    const root = (await post(a.orgId, a.owner.token, { name: 'Root' })).body;
    const child = (await post(a.orgId, a.owner.token, { name: 'Child', parentId: root.id })).body;
    expect(child.parentId).toBe(root.id);
    const cycle = await h.call('PATCH', `/api/orgs/${a.orgId}/departments/${root.id}`, {
      token: a.owner.token,
      body: { parentId: child.id },
    });
    expect(cycle.status).toBe(422);
    expect(cycle.body.error.fields.parentId).toBeTruthy();
    const foreign = (await post(b.orgId, b.owner.token, { name: 'Theirs' })).body;
    expect(
      (await post(a.orgId, a.owner.token, { name: 'Sneaky', parentId: foreign.id })).status,
    ).toBe(422);
    expect(
      (
        await h.call('DELETE', `/api/orgs/${a.orgId}/departments/${root.id}`, {
          token: a.owner.token,
        })
      ).status,
    ).toBe(204);
    const rows = await h.db.select().from(departments);
    expect(rows.find((d) => d.id === child.id)?.parentId).toBeNull();
  });

  it('deleting a department or a workspace leaves nothing pointing at it', async () => {
    const { orgId, owner } = await orgWithRoles(h);
    const call = (method: string, path: string, body?: unknown) =>
      h.call(method, `/api/orgs/${orgId}${path}`, { token: owner.token, body });
    const dep = (await call('POST', '/departments', { name: 'Sales' })).body.id as string;
    const ws = (await call('POST', '/workspaces', { name: 'Design' })).body.id as string;
    const person = await addPerson(h, orgId, owner.token, {
      email: 'ann@acme.test',
      role: 'member',
      departmentId: dep,
    });
    await joinWorkspace(h, orgId, ws, person, 'manager');
    const link = await call('POST', '/links', { expiresInHours: 24, departmentId: dep });
    expect(link.status).toBe(201);
    const invitation = await call('POST', '/invitations', {
      email: 'leo@acme.test',
      role: 'member',
      departmentId: dep,
      workspaces: [{ workspaceId: ws, role: 'member' }],
    });
    expect(invitation.status).toBe(201);

    expect((await call('DELETE', `/departments/${dep}`)).status).toBe(204);
    expect((await call('DELETE', `/workspaces/${ws}`)).status).toBe(204);

    const [m] = await h.db.select().from(memberships).where(eq(memberships.userId, person));
    expect(m?.departmentId).toBeNull();
    const [l] = await h.db.select().from(inviteLinks).where(eq(inviteLinks.orgId, orgId));
    expect(l?.departmentId).toBeNull();
    const [i] = await h.db.select().from(invitations).where(eq(invitations.orgId, orgId));
    expect(i?.departmentId).toBeNull();
    expect(
      await h.db.select().from(workspaceMembers).where(eq(workspaceMembers.orgId, orgId)),
    ).toEqual([]);
    expect(
      await h.db
        .select()
        .from(invitationWorkspaces)
        .where(eq(invitationWorkspaces.workspaceId, ws)),
    ).toEqual([]);
  });
});
