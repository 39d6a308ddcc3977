import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditEvents, users } from '../../worker/src/db/schema';
import { acceptTests, NEW } from '../helpers/accept';
import type { Org } from '../helpers/fresh';
import type { Harness } from '../helpers/harness';
import { HOUR } from '../helpers/invitations';
import { addMember, createUser, PASSWORD } from '../helpers/seed';

let h: Harness;
let org: Org;
const { invite, accept, snapshot } = acceptTests((s) => ({ h, org } = s));

describe('POST /api/invite/:token/accept', () => {
  it('accepting twice, after cancel or after expiry changes nothing and answers 410', async () => {
    const once = await invite(org.owner.token, { email: 'a@example.com' });
    expect((await accept(once.token, NEW)).status).toBe(200);
    let before = await snapshot();
    const twice = await accept(once.token, NEW);
    expect([twice.status, twice.body.error.code]).toEqual([410, 'invitation_accepted']);
    expect(await snapshot()).toEqual(before);

    const canceled = await invite(org.owner.token, { email: 'b@example.com' });
    await h.call('DELETE', `/api/orgs/${org.orgId}/invitations/${canceled.id}`, {
      token: org.owner.token,
    });
    const expired = await invite(org.owner.token, { email: 'c@example.com' });
    h.clock.advance(72 * HOUR);
    before = await snapshot();
    const a = await accept(canceled.token, NEW);
    const b = await accept(expired.token, NEW);
    expect([a.status, a.body.error.code]).toEqual([410, 'invitation_canceled']);
    expect([b.status, b.body.error.code]).toEqual([410, 'invitation_expired']);
    expect(await snapshot()).toEqual(before);
  });

  it('fails when the inviter has lost the right to invite', async () => {
    const inv = await invite(org.admin.token, { email: 'x@example.com', role: 'admin' });
    await addMember(h, org.orgId, org.admin, 'member');
    const before = await snapshot();
    const res = await accept(inv.token, NEW);
    expect([res.status, res.body.error.code]).toEqual([403, 'forbidden']);
    expect(await snapshot()).toEqual(before);
    await addMember(h, org.orgId, org.admin, 'admin');
    expect((await accept(inv.token, NEW)).status).toBe(200);
  });

  it('limits password guesses on one invitation with 429 and Retry-After', async () => {
    await createUser(h, 'guess@example.com');
    const inv = await invite(org.owner.token, { email: 'guess@example.com' });
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++)
      statuses.push((await accept(inv.token, { password: `wrong ${i}` })).status);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    const limited = await accept(inv.token, { password: PASSWORD });
    expect([limited.status, limited.body.error.code]).toEqual([429, 'rate_limited']);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    h.clock.advance(16 * 60_000);
    expect((await accept(inv.token, { password: PASSWORD })).status).toBe(200);
  });

  it('parallel acceptances of one invitation make one membership', async () => {
    const inv = await invite(org.owner.token, { email: 'race@example.com' });
    const results = await Promise.all([1, 2, 3, 4].map(() => accept(inv.token, NEW)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.every((r) => r.status < 500)).toBe(true);
    expect(await h.db.select().from(users).where(eq(users.email, 'race@example.com'))).toHaveLength(
      1,
    );
    expect(
      await h.db.select().from(auditEvents).where(eq(auditEvents.action, 'invitation.accept')),
    ).toHaveLength(1);
  });

  it('answers 404 for unknown, tampered, truncated and over-long tokens, never 500', async () => {
    const inv = await invite(org.owner.token, { email: 'x@example.com' });
    const [id, mac] = inv.token.split('.') as [string, string];
    const flipped = `${id}.${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`;
    for (const t of [
      'nope',
      flipped,
      inv.token.slice(0, -3),
      `${inv.token}${'x'.repeat(400)}`,
      `other.${mac}`,
      '%00',
      '..%2F..',
    ]) {
      const res = await accept(t, NEW);
      expect(res.status, t).toBe(404);
      expect((await h.call('GET', `/api/invite/${t}`)).status).toBe(404);
    }
  });
});
