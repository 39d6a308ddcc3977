/**
 * The rows of the permission matrix of docs/DESIGN.md §2: one per signed-in route the app registers
 * (and a few variants where the rule depends on whose record it is or on a setting), with the
 * outcome for each role — owner, admin, workspace manager, member, a signed-in outsider, and nobody
 * signed in. test/robustness/permission-matrix.test.ts runs them; test/helpers/permission-matrix.ts
 * holds their vocabulary.
 */
import { expect } from 'vitest';
import { createApiKey } from './api-keys';
import {
  anyoneSignedIn,
  ids,
  isAdmin,
  json,
  org,
  ownerInvitation,
  peopleOnly,
  ownerMember,
  ownLink,
  ownLinkApplication,
  ownRenewal,
  type Row,
  setting,
} from './permission-matrix';

export const MATRIX: Row[] = [
  // The signed-in person's own account: anyone signed in.
  { route: 'GET /api/me', expect: anyoneSignedIn },
  { route: 'POST /api/auth/logout', expect: anyoneSignedIn },
  { route: 'POST /api/account/password', expect: anyoneSignedIn },
  { route: 'POST /api/orgs', expect: anyoneSignedIn },

  // The organization and its settings.
  {
    route: 'GET /api/orgs/:org',
    expect: org('ok ok ok ok'),
    check: (res, { role }) => expect(res.body.settings !== undefined).toBe(isAdmin(role)),
  },
  { route: 'PATCH /api/orgs/:org/settings', expect: org('ok ok 403 403') },
  {
    route: 'PATCH /api/orgs/:org/settings',
    variant: 'an owner-only setting',
    expect: org('ok 403 403 403'),
    body: () => json({ sendInitialPassword: false }),
  },
  { route: 'PUT /api/orgs/:org/logo', expect: org('ok ok 403 403') },
  { route: 'DELETE /api/orgs/:org/logo', expect: org('ok ok 403 403') },

  // Departments and workspaces: everyone sees them, owners and admins change them.
  { route: 'GET /api/orgs/:org/departments', expect: org('ok ok ok ok') },
  { route: 'POST /api/orgs/:org/departments', expect: org('ok ok 403 403') },
  { route: 'PATCH /api/orgs/:org/departments/:id', expect: org('ok ok 403 403') },
  { route: 'DELETE /api/orgs/:org/departments/:id', expect: org('ok ok 403 403') },
  { route: 'GET /api/orgs/:org/workspaces', expect: org('ok ok ok ok') },
  { route: 'POST /api/orgs/:org/workspaces', expect: org('ok ok 403 403') },
  { route: 'PATCH /api/orgs/:org/workspaces/:id', expect: org('ok ok 403 403') },
  { route: 'DELETE /api/orgs/:org/workspaces/:id', expect: org('ok ok 403 403') },
  { route: 'GET /api/orgs/:org/audit', expect: org('ok ok 403 403') },

  // API keys: owners and admins, signed in as themselves; never a key (features/api-keys/).
  { route: 'GET /api/orgs/:org/api-keys', expect: peopleOnly(org('ok ok 403 403')) },
  { route: 'POST /api/orgs/:org/api-keys', expect: peopleOnly(org('ok ok 403 403')) },
  {
    route: 'DELETE /api/orgs/:org/api-keys/:id',
    expect: peopleOnly(org('ok ok 403 403')),
    params: async ({ h, f, rootOwner }) => ({
      id: (await createApiKey(h, f.orgId, rootOwner.token, { name: `Key ${Date.now()}` })).id,
    }),
  },
  // Webhook endpoints: owners and admins only; the secret is answered only when made or rotated.
  {
    route: 'POST /api/orgs/:org/webhooks',
    expect: org('ok ok 403 403'),
    // The fixture's endpoint makes room for one more; the organization's limit is 10.
    check: (res) => expect(res.body.secret).toMatch(/^whsec_/),
  },
  {
    route: 'GET /api/orgs/:org/webhooks',
    expect: org('ok ok 403 403'),
    check: (res, { f }) => {
      expect(ids(res)).toContain(f.webhook);
      expect(res.text).not.toContain('whsec_');
    },
  },
  {
    route: 'GET /api/orgs/:org/webhooks/:id',
    expect: org('ok ok 403 403'),
    check: (res) => expect(res.text).not.toContain('whsec_'),
  },
  { route: 'GET /api/orgs/:org/webhooks/:id/deliveries', expect: org('ok ok 403 403') },
  { route: 'PATCH /api/orgs/:org/webhooks/:id', expect: org('ok ok 403 403') },
  { route: 'DELETE /api/orgs/:org/webhooks/:id', expect: org('ok ok 403 403') },
  {
    route: 'POST /api/orgs/:org/webhooks/:id/rotate-secret',
    expect: org('ok ok 403 403'),
    check: (res) => expect(res.body.secret).toMatch(/^whsec_/),
  },
  { route: 'POST /api/orgs/:org/webhooks/:id/test', expect: org('ok ok 403 403') },

  // Personal invitations.
  { route: 'POST /api/orgs/:org/invitations', variant: 'as member', expect: org('ok ok 403 403') },
  {
    route: 'POST /api/orgs/:org/invitations',
    variant: 'as admin',
    expect: org('ok ok 403 403'),
    body: () => json({ email: `as-admin-${Date.now()}@example.com`, role: 'admin' }),
  },
  {
    route: 'POST /api/orgs/:org/invitations',
    variant: 'as owner',
    expect: org('ok 403 403 403'),
    body: () => json({ email: `as-owner-${Date.now()}@example.com`, role: 'owner' }),
  },
  {
    route: 'GET /api/orgs/:org/invitations',
    expect: org('ok ok ok ok'),
    // All for owners and admins; those of a workspace they manage for managers; none of others' for
    // members.
    check: (res, { role, f }) =>
      expect(ids(res).includes(f.invitation.id), role).toBe(
        role !== 'member' && role !== 'memberKey',
      ),
  },
  { route: 'POST /api/orgs/:org/invitations/:id/resend', expect: org('ok ok 403 403') },
  {
    route: 'POST /api/orgs/:org/invitations/:id/resend',
    variant: "an owner's invitation",
    expect: org('ok 403 403 403'),
    params: ownerInvitation,
  },
  { route: 'DELETE /api/orgs/:org/invitations/:id', expect: org('ok ok 403 403') },
  {
    route: 'DELETE /api/orgs/:org/invitations/:id',
    variant: "an owner's invitation",
    expect: org('ok 403 403 403'),
    params: ownerInvitation,
  },
  { route: 'PUT /api/orgs/:org/invitations/:id/workspaces', expect: org('ok ok 403 403') },
  {
    route: 'PUT /api/orgs/:org/invitations/:id/workspaces',
    variant: "an owner's invitation",
    expect: org('ok 403 403 403'),
    params: ownerInvitation,
    body: () => json({ workspaces: [] }),
  },

  // The people of the organization: owners and admins (admins not on owners).
  { route: 'GET /api/orgs/:org/members', expect: org('ok ok 403 403') },
  { route: 'POST /api/orgs/:org/members', expect: org('ok ok 403 403') },
  {
    route: 'POST /api/orgs/:org/members',
    variant: 'an owner',
    expect: org('ok 403 403 403'),
    body: () =>
      json({
        firstName: 'New',
        lastName: 'Owner',
        email: `new-owner-${Date.now()}@example.com`,
        role: 'owner',
      }),
  },
  { route: 'GET /api/orgs/:org/members/export', expect: org('ok ok 403 403') },
  {
    route: 'POST /api/orgs/:org/members/invite',
    expect: org('ok ok 403 403'),
    check: (res) => expect(res.body).toMatchObject({ queued: 1, errors: [] }),
  },
  {
    route: 'POST /api/orgs/:org/members/invite',
    variant: 'an owner',
    // Admins are not refused as a whole: the owner-to-be is reported, per person, as forbidden.
    expect: org('ok ok 403 403'),
    params: async (ctx) => ({ ownerToBe: (await ownerMember(ctx)).userId! }),
    body: ({ values }) => json({ userIds: [values.ownerToBe], channel: 'email' }),
    check: (res, { role, values }) =>
      expect(res.body, role).toEqual(
        role === 'owner'
          ? { queued: 1, errors: [] }
          : {
              queued: 0,
              errors: [expect.objectContaining({ userId: values.ownerToBe, code: 'forbidden' })],
            },
      ),
  },
  {
    route: 'POST /api/orgs/:org/members/import',
    expect: org('ok ok 403 403'),
    check: (res) => expect(res.body).toMatchObject({ created: 1, errors: [] }),
  },
  {
    route: 'POST /api/orgs/:org/members/import',
    variant: 'an owner row',
    // As with the bulk send, an admin's file is taken; the owner row is reported, per row, as
    // forbidden.
    expect: org('ok ok 403 403'),
    body: ({ values }) => ({
      raw: `firstName,lastName,email,role\nFile,Owner,file-owner-${values.org}-${Date.now()}@example.com,owner\n`,
      type: 'text/csv',
    }),
    check: (res, { role }) =>
      expect(res.body, role).toMatchObject(
        role === 'owner'
          ? { created: 1, errors: [] }
          : { created: 0, errors: [expect.objectContaining({ row: 2, code: 'forbidden' })] },
      ),
  },
  { route: 'GET /api/orgs/:org/members/:userId', expect: org('ok ok 403 403') },
  { route: 'PATCH /api/orgs/:org/members/:userId', expect: org('ok ok 403 403') },
  {
    route: 'PATCH /api/orgs/:org/members/:userId',
    variant: 'an owner',
    expect: org('ok 403 403 403'),
    params: ownerMember,
  },
  { route: 'DELETE /api/orgs/:org/members/:userId', expect: org('ok ok 403 403') },
  {
    route: 'DELETE /api/orgs/:org/members/:userId',
    variant: 'an owner',
    expect: org('ok 403 403 403'),
    params: ownerMember,
  },
  {
    route: 'GET /api/orgs/:org/search',
    expect: org('ok ok ok ok'),
    // Others' applications are for owners and admins only.
    check: (res, { role, f }) => expect(ids(res).includes(f.application), role).toBe(isAdmin(role)),
  },

  // General links.
  {
    route: 'POST /api/orgs/:org/links',
    expect: org('ok ok ok ok'),
    check: (res, { role }) => expect(res.body.requiresApproval || isAdmin(role)).toBe(true),
  },
  {
    route: 'POST /api/orgs/:org/links',
    variant: 'member links not allowed',
    expect: org('ok ok 403 403'),
    setup: setting({ allowMemberLinks: false }),
    cleanup: setting({ allowMemberLinks: true }),
  },
  {
    route: 'POST /api/orgs/:org/links',
    variant: 'choosing the role',
    expect: org('ok ok 403 403'),
    body: () => json({ expiresInHours: 24, role: 'admin' }),
  },
  {
    route: 'POST /api/orgs/:org/links',
    variant: 'approval off',
    expect: org('ok ok 403 403'),
    body: () => json({ expiresInHours: 24, requiresApproval: false }),
  },
  {
    route: 'POST /api/orgs/:org/links',
    variant: 'choosing the department',
    expect: org('ok ok 403 403'),
    body: ({ f }) => json({ expiresInHours: 24, departmentId: f.department }),
  },
  {
    route: 'GET /api/orgs/:org/links',
    expect: org('ok ok ok ok'),
    check: (res, { role, f }) => expect(ids(res).includes(f.link.id), role).toBe(isAdmin(role)),
  },
  { route: 'POST /api/orgs/:org/links/reset', expect: org('ok ok ok ok') },
  {
    route: 'GET /api/orgs/:org/links/:id',
    variant: "someone else's",
    expect: org('ok ok 403 403'),
  },
  {
    route: 'GET /api/orgs/:org/links/:id',
    variant: 'their own',
    expect: org('ok ok ok ok'),
    params: ownLink,
  },
  {
    route: 'GET /api/orgs/:org/links/:id/qr.svg',
    variant: "someone else's",
    expect: org('ok ok 403 403'),
  },
  {
    route: 'GET /api/orgs/:org/links/:id/qr.svg',
    variant: 'their own',
    expect: org('ok ok ok ok'),
    params: ownLink,
  },
  {
    route: 'DELETE /api/orgs/:org/links/:id',
    variant: "someone else's",
    expect: org('ok ok 403 403'),
  },
  {
    route: 'DELETE /api/orgs/:org/links/:id',
    variant: 'their own',
    expect: org('ok ok ok ok'),
    params: ownLink,
  },

  // Applications: all for owners and admins; those from their own links, read-only, for everyone
  // else.
  {
    route: 'GET /api/orgs/:org/applications',
    expect: org('ok ok ok ok'),
    check: (res, { role, f }) => expect(ids(res).includes(f.application), role).toBe(isAdmin(role)),
  },
  {
    route: 'GET /api/orgs/:org/applications',
    variant: 'from their own link',
    expect: org('ok ok ok ok'),
    params: async (ctx) => ({ ownApplication: (await ownLinkApplication(ctx)).id ?? '' }),
    check: (res, { role, values }) => expect(ids(res), role).toContain(values.ownApplication),
  },
  { route: 'POST /api/orgs/:org/applications/:id/approve', expect: org('ok ok 403 403') },
  {
    route: 'POST /api/orgs/:org/applications/:id/approve',
    variant: 'from their own link',
    expect: org('ok ok 403 403'),
    params: ownLinkApplication,
  },
  { route: 'POST /api/orgs/:org/applications/:id/reject', expect: org('ok ok 403 403') },
  {
    route: 'POST /api/orgs/:org/applications/:id/reject',
    variant: 'from their own link',
    expect: org('ok ok 403 403'),
    params: ownLinkApplication,
  },

  // Renewals (expiry notices, requests for a new invitation): all for owners and admins; their own
  // links' and invitations' for everyone else, who may dismiss them but not invite (only admins
  // send personal invitations).
  {
    route: 'GET /api/orgs/:org/renewals',
    expect: org('ok ok ok ok'),
    check: (res, { role, f }) => expect(ids(res).includes(f.renewal), role).toBe(isAdmin(role)),
  },
  {
    route: 'GET /api/orgs/:org/renewals',
    variant: 'their own',
    expect: org('ok ok ok ok'),
    params: async (ctx) => ({ ownRenewal: (await ownRenewal(ctx)).id ?? '' }),
    check: (res, { role, values }) => expect(ids(res), role).toContain(values.ownRenewal),
  },
  { route: 'POST /api/orgs/:org/renewals/:id/invite', expect: org('ok ok 404 404') },
  {
    route: 'POST /api/orgs/:org/renewals/:id/invite',
    variant: 'their own',
    expect: org('ok ok 403 403'),
    params: ownRenewal,
  },
  // A fresh link: the rules of making a link (member links only, and only while the organization
  // allows members' links).
  { route: 'POST /api/orgs/:org/renewals/:id/link', expect: org('ok ok 404 404') },
  {
    route: 'POST /api/orgs/:org/renewals/:id/link',
    variant: 'their own',
    expect: org('ok ok ok ok'),
    params: ownRenewal,
  },
  {
    route: 'POST /api/orgs/:org/renewals/:id/link',
    variant: 'their own, member links not allowed',
    expect: org('ok ok 403 403'),
    params: ownRenewal,
    setup: setting({ allowMemberLinks: false }),
    cleanup: setting({ allowMemberLinks: true }),
  },
  { route: 'POST /api/orgs/:org/renewals/:id/dismiss', expect: org('ok ok 404 404') },
  {
    route: 'POST /api/orgs/:org/renewals/:id/dismiss',
    variant: 'their own',
    expect: org('ok ok ok ok'),
    params: ownRenewal,
  },
];
