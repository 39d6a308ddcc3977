import { eq } from 'drizzle-orm';
import { toString as qrToString } from 'qrcode';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LINK_MAX_USES_PRESETS, LINK_TTL_PRESETS_HOURS } from '../../shared/api/links';
import { inviteLinks, organizations } from '../../worker/src/db/schema';
import { PUBLIC_URL, startHarness, type Harness } from '../helpers/harness';
import { apply, createLink } from '../helpers/links';
import { createUser, orgWithRoles } from '../helpers/seed';

let h: Harness;
let org: Awaited<ReturnType<typeof orgWithRoles>>;
beforeEach(async () => {
  h = await startHarness();
  org = await orgWithRoles(h);
});
afterEach(() => h.close());

const links = (orgId = org.orgId) => `/api/orgs/${orgId}/links`;
const settings = (body: unknown) =>
  h.call('PATCH', `/api/orgs/${org.orgId}/settings`, { token: org.owner.token, body });

describe('creating a general link', () => {
  it('an admin chooses validity, department, role, approval and a usage limit', async () => {
    const dep = await h.call('POST', `/api/orgs/${org.orgId}/departments`, {
      token: org.admin.token,
      body: { name: 'Sales' },
    });
    const res = await h.call('POST', links(), {
      token: org.admin.token,
      body: {
        expiresInHours: 168,
        departmentId: dep.body.id,
        role: 'admin',
        requiresApproval: false,
        maxUses: 25,
      },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'active',
      departmentId: dep.body.id,
      role: 'admin',
      requiresApproval: false,
      maxUses: 25,
      useCount: 0,
      revokedAt: null,
      createdBy: { id: org.admin.id, name: 'admin' },
    });
    expect(Date.parse(res.body.expiresAt)).toBe(h.clock.now() + 168 * 3600_000);
    expect(res.body.url).toMatch(
      new RegExp(`^${PUBLIC_URL}/join/${res.body.id}\\.[A-Za-z0-9_-]{43}$`),
    );
  });

  it('stores no usable token: the URL is derived from TOKEN_SECRET', async () => {
    const link = await createLink(h, org.orgId, org.admin.token);
    const [row] = await h.db.select().from(inviteLinks).where(eq(inviteLinks.id, link.id));
    expect(JSON.stringify(row)).not.toContain(link.token.split('.')[1]);
  });

  it('offers the validity and usage presets, and defaults to approval on, member role, no limit', async () => {
    for (const hours of LINK_TTL_PRESETS_HOURS)
      expect(
        (await h.call('POST', links(), { token: org.admin.token, body: { expiresInHours: hours } }))
          .status,
      ).toBe(201);
    for (const maxUses of [...LINK_MAX_USES_PRESETS, null]) {
      const res = await h.call('POST', links(), {
        token: org.admin.token,
        body: { expiresInHours: 1, maxUses },
      });
      expect(res.body.maxUses).toBe(maxUses);
    }
    const plain = await createLink(h, org.orgId, org.admin.token);
    expect(plain.body).toMatchObject({
      role: 'member',
      requiresApproval: true,
      maxUses: null,
      departmentId: null,
    });
  });

  it('bounds validity by linkMaxTtlHours; "never" only where that setting is empty', async () => {
    const tooLong = await h.call('POST', links(), {
      token: org.admin.token,
      body: { expiresInHours: 721 },
    });
    expect(tooLong.status).toBe(422);
    expect(tooLong.body.error.fields.expiresInHours).toBeTruthy();
    const never = await h.call('POST', links(), {
      token: org.admin.token,
      body: { expiresInHours: null },
    });
    expect(never.status).toBe(422);
    expect(never.body.error.fields.expiresInHours).toMatch(/never/);
    await settings({ linkMaxTtlHours: null });
    const ok = await h.call('POST', links(), {
      token: org.admin.token,
      body: { expiresInHours: null },
    });
    expect(ok.status).toBe(201);
    expect(ok.body.expiresAt).toBeNull();
  });

  it('refuses bad options with 422 and creates nothing', async () => {
    const other = await orgWithRoles(h, 'Other');
    const foreignDep = await h.call('POST', `/api/orgs/${other.orgId}/departments`, {
      token: other.admin.token,
      body: { name: 'Theirs' },
    });
    const bodies = [
      { expiresInHours: 24, role: 'owner' },
      { expiresInHours: 24, departmentId: foreignDep.body.id },
      { expiresInHours: 24, departmentId: 'nope' },
      { expiresInHours: 24, maxUses: 0 },
      { expiresInHours: 24, maxUses: 10_001 },
      { expiresInHours: 0 },
      { expiresInHours: '24' },
      { expiresInHours: 24, extra: true },
      {},
    ];
    for (const body of bodies) {
      const res = await h.call('POST', links(), { token: org.admin.token, body });
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.error.code).toBe('invalid_input');
    }
    expect(
      await h.db.select().from(inviteLinks).where(eq(inviteLinks.orgId, org.orgId)),
    ).toHaveLength(0);
  });
});

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

describe('listing links', () => {
  it('admins list every link with its URL; members list their own; mine=true narrows an admin to theirs', async () => {
    const a = await createLink(h, org.orgId, org.admin.token);
    const m = await createLink(h, org.orgId, org.member.token);
    const all = await h.call('GET', links(), { token: org.owner.token });
    expect(all.body.items.map((l: { id: string }) => l.id).sort()).toEqual([a.id, m.id].sort());
    expect(all.body.items.find((l: { id: string }) => l.id === a.id).url).toBe(a.url);
    const mine = await h.call('GET', `${links()}?mine=true`, { token: org.admin.token });
    expect(mine.body.items.map((l: { id: string }) => l.id)).toEqual([a.id]);
    const member = await h.call('GET', `${links()}?mine=false`, { token: org.member.token });
    expect(member.body.items.map((l: { id: string }) => l.id)).toEqual([m.id]);
  });

  it('active=true leaves out revoked, expired and used-up links; pages newest first with a cursor', async () => {
    const revoked = await createLink(h, org.orgId, org.admin.token);
    await h.call('DELETE', `${links()}/${revoked.id}`, { token: org.admin.token });
    h.clock.advance(1);
    const expiring = await createLink(h, org.orgId, org.admin.token, { expiresInHours: 1 });
    h.clock.advance(1);
    const single = await createLink(h, org.orgId, org.admin.token, { maxUses: 1 });
    await apply(h, single.token, { name: 'Ann', email: 'ann@example.com' });
    h.clock.advance(3600_000);
    const fresh = await createLink(h, org.orgId, org.admin.token);
    const active = await h.call('GET', `${links()}?active=true`, { token: org.admin.token });
    expect(active.body.items.map((l: { id: string }) => l.id)).toEqual([fresh.id]);
    const statuses = (await h.call('GET', links(), { token: org.admin.token })).body.items.map(
      (l: { status: string }) => l.status,
    );
    expect(statuses).toEqual(['active', 'exhausted', 'expired', 'revoked']);
    const seen: string[] = [];
    let cursor = '';
    do {
      const page = await h.call('GET', `${links()}?limit=1${cursor ? `&cursor=${cursor}` : ''}`, {
        token: org.admin.token,
      });
      seen.push(...page.body.items.map((l: { id: string }) => l.id));
      cursor = page.body.nextCursor ?? '';
    } while (cursor);
    expect(seen).toEqual([fresh.id, single.id, expiring.id, revoked.id]);
    expect(
      (await h.call('GET', `${links()}?cursor=garbage`, { token: org.admin.token })).status,
    ).toBe(422);
  });
});

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

describe('QR code and link detail', () => {
  it('serves the link URL as an SVG QR code, uncached, to whoever may see the link', async () => {
    const link = await createLink(h, org.orgId, org.member.token);
    const res = await h.call('GET', `${links()}/${link.id}/qr.svg`, { token: org.member.token });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.text).toBe(
      await qrToString(link.url, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' }),
    );
    expect(
      (await h.call('GET', `${links()}/${link.id}/qr.svg`, { token: org.admin.token })).status,
    ).toBe(200);
    const stranger = await createUser(h, 'x@example.com');
    expect(
      (await h.call('GET', `${links()}/${link.id}/qr.svg`, { token: stranger.token })).status,
    ).toBe(404);
  });

  it("a member may not see another's link, its QR code or who joined through it (403)", async () => {
    const link = await createLink(h, org.orgId, org.admin.token);
    expect((await h.call('GET', `${links()}/${link.id}`, { token: org.member.token })).status).toBe(
      403,
    );
    expect(
      (await h.call('GET', `${links()}/${link.id}/qr.svg`, { token: org.member.token })).status,
    ).toBe(403);
  });

  it('lists the applications of a link and who joined through it', async () => {
    const link = await createLink(h, org.orgId, org.admin.token, { requiresApproval: false });
    await apply(h, link.token, { name: 'Joe Joiner', email: 'joe@example.com' });
    const res = await h.call('GET', `${links()}/${link.id}`, { token: org.admin.token });
    expect(res.status).toBe(200);
    expect(res.body.link).toMatchObject({ id: link.id, useCount: 1 });
    expect(res.body.applications).toMatchObject([
      { email: 'joe@example.com', status: 'approved', reviewer: null },
    ]);
    expect(res.body.members).toMatchObject([
      { email: 'joe@example.com', name: 'Joe Joiner', role: 'member', status: 'pending' },
    ]);
  });
});
