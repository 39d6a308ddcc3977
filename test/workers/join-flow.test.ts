/**
 * The product's main path inside workerd: a general link (and its QR code, drawn by qrcode's
 * browser build), an application through it, the admin's approval, the welcome e-mail through
 * Resend (sent by waitUntil right after the approval), the password set from the welcome's
 * single-use link, and the newcomer's first sign-in. Then a personal invitation by SMS through the
 * Twilio-shaped provider.
 */
import { describe, expect, it } from 'vitest';
import { OWNER, PUBLIC_URL } from './constants';
import { call, clientIp, login, loginOwner, resend, smsFake } from './helpers';

const tokenOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);

async function ownerOrg() {
  const token = await loginOwner();
  const me = await call('GET', '/api/me', { token });
  const org = me.body.memberships.find((m: { orgName: string }) => m.orgName === OWNER.orgName);
  return { token, orgId: org.orgId as string };
}

describe('link → apply → approve → welcome → set password → sign in', () => {
  it('makes the applicant an active member through the Worker', async () => {
    const { token, orgId } = await ownerOrg();
    const dep = await call('POST', `/api/orgs/${orgId}/departments`, {
      token,
      body: { name: 'Field team' },
    });
    expect(dep.status).toBe(201);
    const link = await call('POST', `/api/orgs/${orgId}/links`, {
      token,
      body: { expiresInHours: 24, departmentId: dep.body.id, requiresApproval: true },
    });
    expect(link.status).toBe(201);
    expect(link.body.url).toMatch(new RegExp(`^${PUBLIC_URL}/join/`));
    const qr = await call('GET', `/api/orgs/${orgId}/links/${link.body.id}/qr.svg`, { token });
    expect(qr.status).toBe(200);
    expect(qr.headers.get('content-type')).toContain('image/svg+xml');
    expect(qr.text).toMatch(/^<svg[^>]*>.*<\/svg>\s*$/s);

    const info = await call('GET', `/api/join/${tokenOf(link.body.url)}`);
    expect(info.status).toBe(200);
    expect(info.body).toMatchObject({ org: { name: OWNER.orgName }, requiresApproval: true });

    const email = 'newcomer@workers.test';
    const applied = await call('POST', `/api/join/${tokenOf(link.body.url)}`, {
      body: { name: 'Nora Newcomer', email },
      ip: clientIp(),
    });
    expect(applied.status).toBe(201);
    expect(applied.body).toEqual({ status: 'pending' });

    const list = await call('GET', `/api/orgs/${orgId}/applications?status=pending`, { token });
    const application = list.body.items.find((a: { email: string }) => a.email === email);
    expect(application).toMatchObject({ name: 'Nora Newcomer', status: 'pending' });
    const approved = await call(
      'POST',
      `/api/orgs/${orgId}/applications/${application.id}/approve`,
      { token },
    );
    expect(approved.status).toBe(200);
    expect(approved.body.application).toMatchObject({ status: 'approved' });

    const [welcome] = await resend.waitFor(email);
    expect(welcome!.subject).toBe(`Welcome to ${OWNER.orgName}`);
    expect(welcome!.text).toContain(`Login account: ${email}`);
    const setPassword = new RegExp(
      `${PUBLIC_URL.replace(/[.:/]/g, '\\$&')}(/set-password/[A-Za-z0-9_.-]+)`,
    ).exec(welcome!.text ?? '')?.[1];
    expect(setPassword).toBeDefined();

    const page = await call('GET', setPassword!);
    expect(page.status).toBe(200);
    const form = await call('POST', setPassword!, {
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: PUBLIC_URL,
        'sec-fetch-site': 'same-origin',
      },
      raw: new URLSearchParams({
        newPassword: 'nora chose this one',
        confirmPassword: 'nora chose this one',
      }).toString(),
    });
    expect(form.status).toBe(200);
    expect(form.text).toContain(`You are now a member of ${OWNER.orgName}`);

    const session = await call('GET', '/api/me', {
      token: await login(email, 'nora chose this one'),
    });
    expect(session.body.memberships).toEqual([{ orgId, orgName: OWNER.orgName, role: 'member' }]);
  });
});

describe('a personal invitation by SMS', () => {
  it('reaches the phone through the SMS provider right after the request', async () => {
    const { token, orgId } = await ownerOrg();
    const phone = '+79051234567';
    const res = await call('POST', `/api/orgs/${orgId}/invitations`, {
      token,
      body: { phone, channel: 'sms', role: 'member' },
    });
    expect(res.status).toBe(201);
    const [sms] = await smsFake.waitFor(phone);
    expect(sms!.body).toContain(`${PUBLIC_URL}/invite/`);
  });
});
