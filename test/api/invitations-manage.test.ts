import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { invitations, invitationWorkspaces, outbox } from '../../worker/src/db/schema';
import { resendTransport } from '../../worker/src/mail/resend';
import { startResendFake } from '../fakes/resend-fake';
import { startHarness, type Harness } from '../helpers/harness';
import {
  acceptCopiedLink,
  createWorkspace,
  deliver,
  HOUR,
  joinWorkspace,
  linkToken,
  mailbox,
} from '../helpers/invitations';
import { addMember, createOrg, createUser, orgWithRoles } from '../helpers/seed';

let h: Harness;
let org: Awaited<ReturnType<typeof orgWithRoles>>;
beforeEach(async () => {
  h = await startHarness();
  org = await orgWithRoles(h);
});
afterEach(() => h.close());

const base = () => `/api/orgs/${org.orgId}/invitations`;
async function invite(token: string, body: Record<string, unknown>): Promise<string> {
  const res = await h.call('POST', base(), { token, body: { role: 'member', ...body } });
  if (res.status !== 201) throw new Error(`${res.status} ${res.text}`);
  return res.body.invitation.id as string;
}
const NEWCOMER = { name: 'New Person', password: 'a good long password' };
/** Accepts an invitation that went by e-mail (its link proves the address). */
const accept = (token: string) => h.call('POST', `/api/invite/${token}/accept`, { body: NEWCOMER });

describe('resend', () => {
  it('issues a new token and a new expiry; the old link stops working', async () => {
    const id = await invite(org.admin.token, { email: 'alice@example.com' });
    await deliver(h);
    const oldToken = linkToken((await mailbox(h))[0]!.text, 'invite');
    h.clock.advance(80 * HOUR); // expired: resend revives it
    expect((await h.call('GET', `/api/invite/${oldToken}`)).body.error.code).toBe(
      'invitation_expired',
    );
    const res = await h.call('POST', `${base()}/${id}/resend`, { token: org.admin.token });
    expect(res.status).toBe(200);
    expect(res.body.invitation).toMatchObject({ id, status: 'pending', resendCount: 1 });
    expect(Date.parse(res.body.invitation.expiresAt)).toBe(h.clock.now() + 72 * HOUR);
    await deliver(h);
    const newToken = linkToken((await mailbox(h))[1]!.text, 'invite');
    expect(newToken).not.toBe(oldToken);
    expect((await h.call('GET', `/api/invite/${oldToken}`)).status).toBe(404);
    expect((await accept(oldToken)).status).toBe(404);
    expect((await accept(newToken)).status).toBe(200);
  });

  it('answers the new URL for a link invitation', async () => {
    const created = await h.call('POST', base(), {
      token: org.owner.token,
      body: { email: 'l@example.com', role: 'member', channel: 'link' },
    });
    const res = await h.call('POST', `${base()}/${created.body.invitation.id}/resend`, {
      token: org.owner.token,
    });
    expect(res.body.url).toMatch(/\/invite\//);
    expect(res.body.url).not.toBe(created.body.url);
  });

  it('refuses an admin on an owner’s invitation, members, and invitations that are over', async () => {
    const ownerInvite = await invite(org.owner.token, { email: 'o@example.com', role: 'owner' });
    const res = await h.call('POST', `${base()}/${ownerInvite}/resend`, { token: org.admin.token });
    expect(res.status).toBe(403);
    const plain = await invite(org.admin.token, { email: 'p@example.com' });
    expect(
      (await h.call('POST', `${base()}/${plain}/resend`, { token: org.member.token })).status,
    ).toBe(403);
    await h.call('DELETE', `${base()}/${plain}`, { token: org.admin.token });
    const canceled = await h.call('POST', `${base()}/${plain}/resend`, { token: org.admin.token });
    expect([canceled.status, canceled.body.error.code]).toEqual([410, 'invitation_canceled']);
    const link = await h.call('POST', base(), {
      token: org.owner.token,
      body: { email: 'q@example.com', role: 'member', channel: 'link' },
    });
    expect((await acceptCopiedLink(h, link.body.url.split('/invite/')[1], NEWCOMER)).status).toBe(
      200,
    );
    const accepted = await h.call('POST', `${base()}/${link.body.invitation.id}/resend`, {
      token: org.owner.token,
    });
    expect([accepted.status, accepted.body.error.code]).toEqual([410, 'invitation_accepted']);
    const [row] = await h.db.select().from(invitations).where(eq(invitations.id, ownerInvite));
    expect(row!.resendCount).toBe(0);
  });

  it('answers already_invited when a newer invitation took the address, and refuses SMS in e-mail-only mode', async () => {
    const old = await invite(org.owner.token, { email: 'alice@example.com' });
    h.clock.advance(73 * HOUR);
    await invite(org.owner.token, { email: 'alice@example.com' });
    const res = await h.call('POST', `${base()}/${old}/resend`, { token: org.owner.token });
    expect([res.status, res.body.error.code]).toEqual([409, 'already_invited']);
    const sms = await invite(org.owner.token, { phone: '+79051111111', channel: 'sms' });
    await h.call('PATCH', `/api/orgs/${org.orgId}/settings`, {
      token: org.owner.token,
      body: { emailOnly: true },
    });
    const refused = await h.call('POST', `${base()}/${sms}/resend`, { token: org.owner.token });
    expect(refused.status).toBe(422);
    expect(refused.body.error.fields).toHaveProperty('channel');
  });

  it('answers 404 for an invitation of another organization', async () => {
    const other = await createUser(h, 'boss@globex.test');
    const otherOrg = await createOrg(h, other, 'Globex');
    const res = await h.call('POST', `/api/orgs/${otherOrg}/invitations`, {
      token: other.token,
      body: { email: 'x@example.com', role: 'member' },
    });
    for (const [method, path] of [
      ['POST', '/resend'],
      ['DELETE', ''],
      ['PUT', '/workspaces'],
    ] as const) {
      const r = await h.call(method, `${base()}/${res.body.invitation.id}${path}`, {
        token: org.owner.token,
        body: method === 'PUT' ? { workspaces: [] } : undefined,
      });
      expect(r.status).toBe(404);
    }
  });
});

describe('cancel', () => {
  it('kills the link at once and skips a message still queued', async () => {
    const fake = await startResendFake();
    const hh = await startHarness({
      email: resendTransport({
        apiKey: 're_test',
        from: 'Invitations <invites@example.com>',
        baseUrl: fake.url,
      }),
    });
    try {
      const o = await orgWithRoles(hh);
      fake.failNext(1, { status: 503 }); // the first attempt fails: the message waits in the outbox
      const res = await hh.call('POST', `/api/orgs/${o.orgId}/invitations`, {
        token: o.admin.token,
        body: { email: 'alice@example.com', role: 'member' },
      });
      await hh.services.outbox.kick();
      const [waiting] = await hh.db.select().from(outbox);
      expect(waiting).toMatchObject({ status: 'queued', attempts: 1 });
      expect(
        (
          await hh.call('DELETE', `/api/orgs/${o.orgId}/invitations/${res.body.invitation.id}`, {
            token: o.admin.token,
          })
        ).status,
      ).toBe(204);
      hh.clock.advance(60_000);
      await hh.services.outbox.kick();
      expect(fake.sent).toHaveLength(0);
      expect((await hh.db.select().from(outbox)).map((r) => r.status)).toEqual(['skipped']);
      const again = await hh.call(
        'DELETE',
        `/api/orgs/${o.orgId}/invitations/${res.body.invitation.id}`,
        { token: o.admin.token },
      );
      expect([again.status, again.body.error.code]).toEqual([410, 'invitation_canceled']);
    } finally {
      await hh.close();
      await fake.close();
    }
  });

  it('makes a delivered link answer invitation_canceled', async () => {
    const id = await invite(org.owner.token, { email: 'alice@example.com' });
    await deliver(h);
    const token = linkToken((await mailbox(h))[0]!.text, 'invite');
    await h.call('DELETE', `${base()}/${id}`, { token: org.owner.token });
    const res = await accept(token);
    expect([res.status, res.body.error.code]).toEqual([410, 'invitation_canceled']);
  });

  it('is refused to an admin for an owner’s invitation, and to members', async () => {
    const ownerInvite = await invite(org.owner.token, { email: 'o@example.com', role: 'owner' });
    expect(
      (await h.call('DELETE', `${base()}/${ownerInvite}`, { token: org.admin.token })).status,
    ).toBe(403);
    expect(
      (await h.call('DELETE', `${base()}/${ownerInvite}`, { token: org.member.token })).status,
    ).toBe(403);
    expect(
      (await h.call('DELETE', `${base()}/${ownerInvite}`, { token: org.owner.token })).status,
    ).toBe(204);
  });
});

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
