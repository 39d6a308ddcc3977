import { describe, expect, it } from 'vitest';
import { freshHarness } from '../helpers/fresh';
import type { Harness } from '../helpers/harness';
import { orgWithRoles } from '../helpers/seed';

let h: Harness;
freshHarness((s) => ({ h } = s));

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
