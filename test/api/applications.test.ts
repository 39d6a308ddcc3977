import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applications, auditEvents, memberships, outbox, users } from '../../worker/src/db/schema';
import { resendTransport } from '../../worker/src/mail/resend';
import { startResendFake, type ResendFake } from '../fakes/resend-fake';
import { startHarness, type Harness, type HarnessOptions } from '../helpers/harness';
import { apply, createLink, mailTo, rowCounts, type CreatedLink } from '../helpers/links';
import { orgWithRoles } from '../helpers/seed';

let h: Harness;
let org: Awaited<ReturnType<typeof orgWithRoles>>;
let link: CreatedLink;
let fake: ResendFake | null = null;

async function setUp(opts: HarnessOptions = {}) {
  h = await startHarness(opts);
  org = await orgWithRoles(h);
  const dep = await h.call('POST', `/api/orgs/${org.orgId}/departments`, {
    token: org.admin.token,
    body: { name: 'Sales' },
  });
  link = await createLink(h, org.orgId, org.admin.token, {
    departmentId: dep.body.id,
    role: 'admin',
  });
}
afterEach(async () => {
  await h.close();
  await fake?.close();
  fake = null;
});

const apps = () => `/api/orgs/${org.orgId}/applications`;
async function applied(email: string, name = 'Ann Applicant', via = link): Promise<string> {
  expect((await apply(h, via.token, { name, email })).status).toBe(201);
  const [row] = await h.db.select().from(applications).where(eq(applications.email, email));
  return row!.id;
}

describe('the application list', () => {
  beforeEach(() => setUp());

  it('shows admins every application with inviter, reviewer, result and time; filters by status', async () => {
    const memberLink = await createLink(h, org.orgId, org.member.token);
    const a = await applied('ann@example.com');
    h.clock.advance(1);
    const b = await applied('bob@example.com', 'Bob', memberLink);
    await h.call('POST', `${apps()}/${a}/reject`, {
      token: org.owner.token,
      body: { reason: 'Unknown to us' },
    });
    const all = await h.call('GET', apps(), { token: org.admin.token });
    expect(all.status).toBe(200);
    expect(all.body.items).toMatchObject([
      {
        id: b,
        email: 'bob@example.com',
        status: 'pending',
        inviter: { id: org.member.id, name: 'member' },
        reviewer: null,
        reviewedAt: null,
        linkId: memberLink.id,
      },
      {
        id: a,
        status: 'rejected',
        inviter: { id: org.admin.id },
        reviewer: { id: org.owner.id, name: 'owner' },
        reason: 'Unknown to us',
      },
    ]);
    expect(Date.parse(all.body.items[1].reviewedAt)).toBe(h.clock.now());
    const pending = await h.call('GET', `${apps()}?status=pending`, { token: org.admin.token });
    expect(pending.body.items.map((i: { id: string }) => i.id)).toEqual([b]);
    expect((await h.call('GET', `${apps()}?status=maybe`, { token: org.admin.token })).status).toBe(
      422,
    );
  });

  it('finds applicants by name or e-mail (q) and by link, and pages with a cursor', async () => {
    await applied('ann@example.com', 'Ann Lee');
    await applied('bob@example.com', 'Bob 100%_done');
    const other = await createLink(h, org.orgId, org.admin.token);
    await applied('cy@example.com', 'Cy', other);
    const q = async (s: string) =>
      (
        await h.call('GET', `${apps()}?q=${encodeURIComponent(s)}`, { token: org.admin.token })
      ).body.items.map((i: { email: string }) => i.email);
    expect(await q('ANN')).toEqual(['ann@example.com']);
    expect(await q('bob@')).toEqual(['bob@example.com']);
    expect(await q('100')).toEqual(['bob@example.com']);
    expect(await q('%')).toEqual([]);
    expect(await q('zzz')).toEqual([]);
    const byLink = await h.call('GET', `${apps()}?linkId=${other.id}`, { token: org.admin.token });
    expect(byLink.body.items.map((i: { email: string }) => i.email)).toEqual(['cy@example.com']);
    const first = await h.call('GET', `${apps()}?limit=2`, { token: org.admin.token });
    const second = await h.call('GET', `${apps()}?limit=2&cursor=${first.body.nextCursor}`, {
      token: org.admin.token,
    });
    expect([...first.body.items, ...second.body.items]).toHaveLength(3);
    expect(second.body.nextCursor).toBeNull();
  });

  it('shows a member only the applications from their own links', async () => {
    const memberLink = await createLink(h, org.orgId, org.member.token);
    await applied('ann@example.com');
    const mine = await applied('bob@example.com', 'Bob', memberLink);
    const res = await h.call('GET', apps(), { token: org.member.token });
    expect(res.body.items.map((i: { id: string }) => i.id)).toEqual([mine]);
  });
});

describe('approving and rejecting', () => {
  beforeEach(() => setUp());

  it("approval creates the account and a pending membership with the link's role and department, and queues the welcome", async () => {
    const id = await applied('ann@example.com');
    const res = await h.call('POST', `${apps()}/${id}/approve`, { token: org.admin.token });
    expect(res.status).toBe(200);
    expect(res.body.application).toMatchObject({
      id,
      status: 'approved',
      reviewer: { id: org.admin.id },
    });
    const [user] = await h.db.select().from(users).where(eq(users.email, 'ann@example.com'));
    expect(user).toMatchObject({ name: 'Ann Applicant', passwordHash: null });
    expect(res.body.membership).toEqual({ userId: user!.id, role: 'admin', status: 'pending' });
    const [m] = await h.db.select().from(memberships).where(eq(memberships.userId, user!.id));
    expect(m).toMatchObject({
      orgId: org.orgId,
      departmentId: link.body.departmentId,
      source: 'link',
      linkId: link.id,
      status: 'pending',
    });
    expect(
      await h.db.select().from(outbox).where(eq(outbox.recipient, 'ann@example.com')),
    ).toMatchObject([{ kind: 'welcome', refId: id }]);
    expect(
      await h.db.select().from(auditEvents).where(eq(auditEvents.action, 'application.approve')),
    ).toMatchObject([{ actorId: org.admin.id, targetId: id }]);
  });

  it('rejects with an optional reason; a reviewed application cannot be reviewed again (409 already_reviewed)', async () => {
    const id = await applied('ann@example.com');
    const rejected = await h.call('POST', `${apps()}/${id}/reject`, {
      token: org.admin.token,
      body: { reason: 'Not a colleague' },
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', reason: 'Not a colleague' });
    const before = await rowCounts(h);
    for (const action of ['approve', 'reject']) {
      const res = await h.call('POST', `${apps()}/${id}/${action}`, {
        token: org.owner.token,
        body: {},
      });
      expect(res.status, action).toBe(409);
      expect(res.body.error.code).toBe('already_reviewed');
    }
    expect(await rowCounts(h)).toEqual(before);
    expect(await h.db.select().from(users).where(eq(users.email, 'ann@example.com'))).toHaveLength(
      0,
    );
    const noReason = await h.call('POST', `${apps()}/${await applied('bob@example.com')}/reject`, {
      token: org.admin.token,
    });
    expect(noReason.body.reason).toBeNull();
    const long = await h.call('POST', `${apps()}/${await applied('cy@example.com')}/reject`, {
      token: org.admin.token,
      body: { reason: 'x'.repeat(501) },
    });
    expect(long.status).toBe(422);
  });

  it('a member may not approve or reject, even on their own link (403), and nothing changes', async () => {
    const memberLink = await createLink(h, org.orgId, org.member.token);
    const id = await applied('ann@example.com', 'Ann', memberLink);
    const before = await rowCounts(h);
    for (const action of ['approve', 'reject']) {
      const res = await h.call('POST', `${apps()}/${id}/${action}`, { token: org.member.token });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
    expect(await rowCounts(h)).toEqual(before);
  });

  it('an application of another organization, or an unknown one, is not found (404)', async () => {
    const other = await orgWithRoles(h, 'Other');
    const theirs = await createLink(h, other.orgId, other.admin.token);
    const id = await applied('ann@example.com', 'Ann', theirs);
    for (const target of [id, 'unknown', 'bad id!']) {
      const res = await h.call('POST', `${apps()}/${encodeURIComponent(target)}/approve`, {
        token: org.owner.token,
      });
      expect([404, 422]).toContain(res.status);
    }
    expect(
      (await h.call('POST', `${apps()}/${id}/approve`, { token: org.owner.token })).status,
    ).toBe(404);
    const [row] = await h.db.select().from(applications).where(eq(applications.id, id));
    expect(row!.status).toBe('pending');
  });

  it('two admins approving at once make one membership and one welcome; the other gets already_reviewed', async () => {
    const id = await applied('ann@example.com');
    const [a, b] = await Promise.all([
      h.call('POST', `${apps()}/${id}/approve`, { token: org.admin.token }),
      h.call('POST', `${apps()}/${id}/approve`, { token: org.owner.token }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect([a, b].find((r) => r.status === 409)!.body.error.code).toBe('already_reviewed');
    expect(await h.db.select().from(users).where(eq(users.email, 'ann@example.com'))).toHaveLength(
      1,
    );
    expect(
      await h.db.select().from(memberships).where(eq(memberships.linkId, link.id)),
    ).toHaveLength(1);
    expect(
      await h.db.select().from(outbox).where(eq(outbox.recipient, 'ann@example.com')),
    ).toHaveLength(1);
    expect(await mailTo(h, 'ann@example.com')).toHaveLength(1);
  });

  it('an approval racing a rejection: one wins, and a rejection leaves no account behind', async () => {
    const id = await applied('ann@example.com');
    const [a, r] = await Promise.all([
      h.call('POST', `${apps()}/${id}/approve`, { token: org.admin.token }),
      h.call('POST', `${apps()}/${id}/reject`, { token: org.owner.token }),
    ]);
    expect([a.status, r.status].sort()).toEqual([200, 409]);
    const [row] = await h.db.select().from(applications).where(eq(applications.id, id));
    const accounts = await h.db.select().from(users).where(eq(users.email, 'ann@example.com'));
    expect(accounts).toHaveLength(row!.status === 'approved' ? 1 : 0);
  });
});

describe('Resend failing while approving', () => {
  beforeEach(async () => {
    fake = await startResendFake();
    await setUp({
      email: resendTransport({
        apiKey: 're_test',
        from: 'Invitations <invites@example.com>',
        baseUrl: fake.url,
      }),
    });
  });

  it('the approval still commits; the welcome goes out once when Resend is back', async () => {
    const id = await applied('ann@example.com');
    fake!.setMode({ status: 500 });
    const res = await h.call('POST', `${apps()}/${id}/approve`, { token: org.admin.token });
    expect(res.status).toBe(200);
    await h.services.outbox.kick();
    expect(fake!.sent).toHaveLength(0);
    const [queued] = await h.db.select().from(outbox).where(eq(outbox.refId, id));
    expect(queued).toMatchObject({ status: 'queued', kind: 'welcome' });
    const [m] = await h.db
      .select()
      .from(memberships)
      .where(and(eq(memberships.orgId, org.orgId), eq(memberships.linkId, link.id)));
    expect(m!.invitationState).toBe('queued');

    fake!.setMode(null);
    h.clock.advance(60_000);
    await h.services.outbox.kick();
    h.clock.advance(600_000);
    await h.services.outbox.kick();
    expect(fake!.sentTo('ann@example.com')).toHaveLength(1);
    expect(fake!.sentTo('ann@example.com')[0]!.subject).toBe('Welcome to Acme');
    const [after] = await h.db.select().from(memberships).where(eq(memberships.linkId, link.id));
    expect(after!.invitationState).toBe('invited');
  });
});
