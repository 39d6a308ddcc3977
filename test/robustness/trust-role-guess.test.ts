/**
 * A read sent with the caller's lookup is built for the role the session last held
 * (worker/src/http/read-as-member.ts `lastRoles`). The guess may be stale: a person whose role
 * changed between two requests of one session must be answered as their role is now, never as it
 * was guessed.
 */
import { describe, expect, it } from 'vitest';
import { freshHarness } from '../helpers/fresh';
import type { Harness } from '../helpers/harness';
import { orgWithRoles } from '../helpers/seed';

let h: Harness;
freshHarness((s) => ({ h } = s));

describe('a stale role guess never widens or narrows what a request sees', () => {
  it('an admin demoted between two requests of one session sees what a member sees', async () => {
    const org = await orgWithRoles(h);
    const as = (token: string, path: string) =>
      h.call('GET', `/api/orgs/${org.orgId}${path}`, { token });
    const invite = (token: string, email: string) =>
      h.call('POST', `/api/orgs/${org.orgId}/invitations`, {
        token,
        body: { email, role: 'member' },
      });
    expect((await invite(org.owner.token, 'by-owner@example.com')).status).toBe(201);
    expect((await invite(org.admin.token, 'by-admin@example.com')).status).toBe(201);

    const before = await as(org.admin.token, '/invitations');
    expect(before.body.items.map((i: { email: string }) => i.email).sort()).toEqual([
      'by-admin@example.com',
      'by-owner@example.com',
    ]);
    expect((await as(org.admin.token, '/members')).status).toBe(200);

    const demoted = await h.call('PATCH', `/api/orgs/${org.orgId}/members/${org.admin.id}`, {
      token: org.owner.token,
      body: { role: 'member' },
    });
    expect(demoted.status).toBe(200);

    const after = await as(org.admin.token, '/invitations');
    expect(after.status).toBe(200);
    expect(after.body.items.map((i: { email: string }) => i.email)).toEqual([
      'by-admin@example.com',
    ]);
    expect((await as(org.admin.token, '/members')).status).toBe(403);
    expect((await as(org.admin.token, '/audit')).status).toBe(403);

    // And back: promoted again, the same session sees everything again.
    await h.call('PATCH', `/api/orgs/${org.orgId}/members/${org.admin.id}`, {
      token: org.owner.token,
      body: { role: 'admin' },
    });
    expect((await as(org.admin.token, '/invitations')).body.items).toHaveLength(2);
    expect((await as(org.admin.token, '/members')).status).toBe(200);
  });

  it('a member promoted between two requests sees what an admin sees', async () => {
    const org = await orgWithRoles(h);
    const list = () => h.call('GET', `/api/orgs/${org.orgId}/members`, { token: org.member.token });
    expect((await list()).status).toBe(403);
    await h.call('PATCH', `/api/orgs/${org.orgId}/members/${org.member.id}`, {
      token: org.owner.token,
      body: { role: 'admin' },
    });
    const promoted = await list();
    expect(promoted.status).toBe(200);
    expect(promoted.body.items.length).toBeGreaterThanOrEqual(3);
  });
});
