import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { LINK_MAX_USES_PRESETS, LINK_TTL_PRESETS_HOURS } from '../../shared/api/links';
import { inviteLinks } from '../../worker/src/db/schema';
import type { Org } from '../helpers/fresh';
import { PUBLIC_URL, type Harness } from '../helpers/harness';
import { createLink } from '../helpers/links';
import { linkTests } from '../helpers/links-setup';
import { orgWithRoles } from '../helpers/seed';

let h: Harness;
let org: Org;
const { links, settings } = linkTests((s) => ({ h, org } = s));

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
