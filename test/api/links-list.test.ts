import { toString as qrToString } from 'qrcode';
import { describe, expect, it } from 'vitest';
import type { Org } from '../helpers/fresh';
import type { Harness } from '../helpers/harness';
import { apply, createLink } from '../helpers/links';
import { linkTests } from '../helpers/links-setup';
import { createUser } from '../helpers/seed';

let h: Harness;
let org: Org;
const { links } = linkTests((s) => ({ h, org } = s));

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
