import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import {
  auditEvents,
  departments,
  invitations,
  invitationWorkspaces,
  inviteLinks,
  memberships,
  organizations,
  workspaceMembers,
} from '../../worker/src/db/schema';
import { startHarness, type Harness } from '../helpers/harness';
import { addPerson, joinWorkspace } from '../helpers/invitations';
import { createOrg, createUser, orgWithRoles } from '../helpers/seed';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

describe('organizations', () => {
  it('POST /api/orgs makes the caller its owner with default settings', async () => {
    const alice = await createUser(h, 'alice@example.com');
    const res = await h.call('POST', '/api/orgs', {
      token: alice.token,
      body: { name: '  Acme Corp  ' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: 'Acme Corp',
      settings: {
        allowMemberLinks: true,
        inviteTtlHours: 72,
        linkMaxTtlHours: 720,
        sendInitialPassword: false,
      },
    });
    expect(res.body.slug).toMatch(/^acme-corp-[a-z0-9x]+$/);
    const me = await h.call('GET', '/api/me', { token: alice.token });
    expect(me.body.memberships).toEqual([
      { orgId: res.body.id, orgName: 'Acme Corp', role: 'owner' },
    ]);
  });

  it('needs a signed-in caller and a valid name', async () => {
    expect((await h.call('POST', '/api/orgs', { body: { name: 'Acme' } })).status).toBe(401);
    const alice = await createUser(h, 'alice@example.com');
    for (const name of ['', '   ', 'a'.repeat(101), 'two\nlines', 42]) {
      const res = await h.call('POST', '/api/orgs', { token: alice.token, body: { name } });
      expect(res.status, JSON.stringify(name)).toBe(422);
      expect(res.body.error.fields.name).toBeTruthy();
    }
    expect(await h.db.select().from(organizations)).toHaveLength(0);
  });

  it('shows settings to owners and admins only', async () => {
    const { orgId, owner, admin, member } = await orgWithRoles(h);
    expect(
      (await h.call('GET', `/api/orgs/${orgId}`, { token: owner.token })).body.settings,
    ).toBeDefined();
    expect(
      (await h.call('GET', `/api/orgs/${orgId}`, { token: admin.token })).body.settings,
    ).toBeDefined();
    const seen = await h.call('GET', `/api/orgs/${orgId}`, { token: member.token });
    expect(seen.status).toBe(200);
    expect(seen.body.name).toBe('Acme');
    expect(seen.body.settings).toBeUndefined();
  });

  it('answers 404 for an organization the caller is not in, and for one that does not exist', async () => {
    const a = await orgWithRoles(h, 'Acme');
    const b = await orgWithRoles(h, 'Globex');
    for (const path of [
      `/api/orgs/${b.orgId}`,
      '/api/orgs/nope',
      `/api/orgs/${b.orgId}/departments`,
      `/api/orgs/${b.orgId}/audit`,
    ]) {
      const res = await h.call('GET', path, { token: a.owner.token });
      expect(res.status, path).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
  });
});

describe('PATCH /api/orgs/:org/settings', () => {
  it('lets an owner change every setting and records it in the audit log', async () => {
    const { orgId, owner } = await orgWithRoles(h);
    h.clock.advance(1000);
    const patch = {
      allowMemberLinks: false,
      sendInitialPassword: true,
      loginUrl: 'https://app.example.com/login',
      allowedEmailDomains: ['Example.COM'],
      linkMaxTtlHours: null,
    };
    const res = await h.call('PATCH', `/api/orgs/${orgId}/settings`, {
      token: owner.token,
      body: patch,
    });
    expect(res.status).toBe(200);
    expect(res.body.settings).toMatchObject({
      ...patch,
      allowedEmailDomains: ['example.com'],
      inviteTtlHours: 72,
    });
    const audit = await h.call('GET', `/api/orgs/${orgId}/audit`, { token: owner.token });
    expect(audit.body.items[0]).toMatchObject({
      action: 'org.settings_update',
      actor: { id: owner.id },
    });
  });

  it('lets an admin change settings except the owner-only ones', async () => {
    const { orgId, admin } = await orgWithRoles(h);
    expect(
      (
        await h.call('PATCH', `/api/orgs/${orgId}/settings`, {
          token: admin.token,
          body: { inviteTtlHours: 24, emailOnly: true },
        })
      ).status,
    ).toBe(200);
    for (const body of [
      { sendInitialPassword: true },
      { loginUrl: 'https://evil.example/login' },
      { allowedEmailDomains: ['example.com'] },
      { emailOnly: false, sendInitialPassword: true },
    ]) {
      const res = await h.call('PATCH', `/api/orgs/${orgId}/settings`, {
        token: admin.token,
        body,
      });
      expect(res.status, JSON.stringify(body)).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
    const after = await h.call('GET', `/api/orgs/${orgId}`, { token: admin.token });
    expect(after.body.settings).toMatchObject({
      inviteTtlHours: 24,
      emailOnly: true,
      sendInitialPassword: false,
      loginUrl: null,
    });
  });

  it('refuses members, and bad values with fields', async () => {
    const { orgId, owner, member } = await orgWithRoles(h);
    expect(
      (
        await h.call('PATCH', `/api/orgs/${orgId}/settings`, {
          token: member.token,
          body: { inviteTtlHours: 24 },
        })
      ).status,
    ).toBe(403);
    const bad = [
      {},
      { inviteTtlHours: 0 },
      { inviteTtlHours: '72' },
      { loginUrl: 'javascript:alert(1)' },
      { allowedEmailDomains: ['not a domain'] },
      { unknown: true },
    ];
    for (const body of bad) {
      const res = await h.call('PATCH', `/api/orgs/${orgId}/settings`, {
        token: owner.token,
        body,
      });
      expect(res.status, JSON.stringify(body)).toBe(422);
    }
    const after = await h.call('GET', `/api/orgs/${orgId}`, { token: owner.token });
    expect(after.body.settings.inviteTtlHours).toBe(72);
  });
});

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

describe('GET /api/orgs/:org/audit', () => {
  it('pages newest first with an opaque cursor, for owners and admins only', async () => {
    const { orgId, owner, admin, member } = await orgWithRoles(h);
    for (let i = 0; i < 5; i++) {
      h.clock.advance(1000);
      await h.call('POST', `/api/orgs/${orgId}/workspaces`, {
        token: owner.token,
        body: { name: `W${i}` },
      });
    }
    const first = await h.call('GET', `/api/orgs/${orgId}/audit?limit=3`, { token: admin.token });
    expect(first.status).toBe(200);
    expect(first.body.items.map((e: { detail: { name: string } }) => e.detail.name)).toEqual([
      'W4',
      'W3',
      'W2',
    ]);
    const second = await h.call(
      'GET',
      `/api/orgs/${orgId}/audit?limit=3&cursor=${first.body.nextCursor}`,
      { token: admin.token },
    );
    expect(
      second.body.items.slice(0, 2).map((e: { detail: { name: string } }) => e.detail.name),
    ).toEqual(['W1', 'W0']);
    const ids = new Set(
      [...first.body.items, ...second.body.items].map((e: { id: string }) => e.id),
    );
    expect(ids.size).toBe(first.body.items.length + second.body.items.length);
    expect((await h.call('GET', `/api/orgs/${orgId}/audit`, { token: member.token })).status).toBe(
      403,
    );
    const badCursor = await h.call('GET', `/api/orgs/${orgId}/audit?cursor=nonsense`, {
      token: owner.token,
    });
    expect(badCursor.status).toBe(422);
    expect(
      (await h.call('GET', `/api/orgs/${orgId}/audit?limit=500`, { token: owner.token })).status,
    ).toBe(422);
  });

  it('records a sign-in in an organization when the session first uses it, and in no other', async () => {
    const { orgId, owner } = await orgWithRoles(h);
    const other = await createOrg(h, owner, 'Other');
    const signIns = async (org: string) =>
      (await h.db.select().from(auditEvents)).filter(
        (e) => e.orgId === org && e.actorId === owner.id && e.action === 'auth.sign_in',
      ).length;
    const before = await signIns(orgId);
    h.clock.advance(1000);
    const login = await h.call('POST', '/api/auth/login', {
      body: { email: owner.email, password: 'correct horse battery' },
    });
    expect(await signIns(orgId)).toBe(before);
    h.clock.advance(1000);
    const firstUse = h.clock.now();
    for (let i = 0; i < 3; i++)
      expect((await h.call('GET', `/api/orgs/${orgId}`, { token: login.body.token })).status).toBe(
        200,
      );
    expect(await signIns(orgId)).toBe(before + 1);
    // Dated at that first use (just before what the request itself records), not at the sign-in an
    // organization did not see.
    const [event] = (await h.db.select().from(auditEvents))
      .filter((e) => e.orgId === orgId && e.action === 'auth.sign_in')
      .sort((a, b) => b.createdAt - a.createdAt);
    expect(event!.createdAt).toBe(firstUse - 1);
    // The other organization of the account learns nothing of it.
    expect(await signIns(other)).toBe(0);
    // A refused request is no sign-in; the next session's first use is.
    h.clock.advance(1000);
    const next = await h.call('POST', '/api/auth/login', {
      body: { email: owner.email, password: 'correct horse battery' },
    });
    h.clock.advance(1000);
    expect(
      (await h.call('GET', `/api/orgs/${orgId}/audit?limit=500`, { token: next.body.token }))
        .status,
    ).toBe(422);
    expect(await signIns(orgId)).toBe(before + 1);
    expect((await h.call('GET', `/api/orgs/${orgId}`, { token: next.body.token })).status).toBe(
      200,
    );
    expect(await signIns(orgId)).toBe(before + 2);
  });
});
