/**
 * The permission matrix of docs/DESIGN.md §2 as a table: one row per signed-in route the app registers
 * (and a few variants where the rule depends on whose record it is or on a setting), with the
 * outcome for each role — owner, admin, workspace manager, member, a signed-in outsider, and nobody
 * signed in. Every case runs on fresh records with a fresh person holding the role; a refused
 * request changes nothing. A meta-test compares the table with `app.routes`: a new route without a
 * row (or a row for a route that is gone) fails.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness, type Reply } from '../helpers/harness';
import { apply, createLink } from '../helpers/links';
import { orgWithRoles, type Person } from '../helpers/seed';
import {
  changedTables,
  endpoints,
  expectErrorShape,
  fingerprint,
  paramsOf,
  routeKey,
} from '../helpers/robustness';
import {
  actorWithRole,
  callRoute,
  fixtureId,
  orgFixture,
  resourceOf,
  ROLES,
  sampleBody,
  samplePath,
  type OrgFixture,
  type Role,
  type SampleBody,
} from '../helpers/robustness-routes';

type Outcome = 'ok' | 401 | 403 | 404;

interface Ctx {
  h: Harness;
  f: OrgFixture;
  role: Role;
  actor: Person | null;
  rootOwner: Person;
  /** The path values (and whatever `params` added for `body` and `check`). */
  values: Record<string, string>;
}

interface Row {
  route: string;
  variant?: string;
  expect: Record<Role, Outcome>;
  body?: (ctx: Ctx) => SampleBody;
  /** Path values that differ from the fixture's (e.g. the actor's own link). */
  params?: (ctx: Ctx) => Promise<Record<string, string>>;
  setup?: (ctx: Ctx) => Promise<void>;
  cleanup?: (ctx: Ctx) => Promise<void>;
  /** More to check when the request is allowed. */
  check?: (res: Reply, ctx: Ctx) => void | Promise<void>;
}

/**
 * Outcomes for owner, admin, workspace manager, member; outsiders get 404 and nobody signed in 401.
 */
function org(spec: string): Record<Role, Outcome> {
  const [owner, admin, manager, member] = spec
    .split(/\s+/)
    .map((s) => (s === 'ok' ? 'ok' : (Number(s) as Outcome)));
  return {
    owner: owner!,
    admin: admin!,
    manager: manager!,
    member: member!,
    outsider: 404,
    anonymous: 401,
  };
}
const anyoneSignedIn: Record<Role, Outcome> = {
  owner: 'ok',
  admin: 'ok',
  manager: 'ok',
  member: 'ok',
  outsider: 'ok',
  anonymous: 401,
};
const isAdmin = (role: Role) => role === 'owner' || role === 'admin';
const ids = (res: Reply) => (res.body.items as { id: string }[]).map((i) => i.id);
const json = (value: unknown): SampleBody => ({ json: value });

/** A link the acting person made (falls back to the fixture's for those who cannot make one). */
async function ownLink(ctx: Ctx): Promise<Record<string, string>> {
  if (!ctx.actor || ctx.role === 'outsider') return {};
  const link = await createLink(ctx.h, ctx.f.orgId, ctx.actor.token);
  return { id: link.id };
}
/** An application that came through a link the acting person made. */
async function ownLinkApplication(ctx: Ctx): Promise<Record<string, string>> {
  if (!ctx.actor || ctx.role === 'outsider') return {};
  const link = await createLink(ctx.h, ctx.f.orgId, ctx.actor.token);
  const email = `own-link-${link.id}@example.com`.toLowerCase();
  await apply(ctx.h, link.token, { name: 'Own Link Applicant', email });
  const res = await ctx.h.call('GET', `/api/orgs/${ctx.f.orgId}/applications?linkId=${link.id}`, {
    token: ctx.rootOwner.token,
  });
  return { id: res.body.items[0].id };
}
/** An invitation granting the owner role (only owners manage those). */
async function ownerInvitation(ctx: Ctx): Promise<Record<string, string>> {
  const res = await ctx.h.call('POST', `/api/orgs/${ctx.f.orgId}/invitations`, {
    token: ctx.rootOwner.token,
    body: {
      email: `owner-inv-${Date.now()}-${Math.random()}@example.com`.replace(/0\./, ''),
      role: 'owner',
    },
  });
  return { id: res.body.invitation.id };
}
/** A pending member who is to be an owner. */
async function ownerMember(ctx: Ctx): Promise<Record<string, string>> {
  const res = await ctx.h.call('POST', `/api/orgs/${ctx.f.orgId}/members`, {
    token: ctx.rootOwner.token,
    body: {
      firstName: 'Future',
      lastName: 'Owner',
      email: `future-owner-${Date.now()}${Math.floor(Math.random() * 1e6)}@example.com`,
      role: 'owner',
    },
  });
  return { userId: res.body.userId };
}
const setting = (patch: Record<string, unknown>) => async (ctx: Ctx) => {
  const res = await ctx.h.call('PATCH', `/api/orgs/${ctx.f.orgId}/settings`, {
    token: ctx.rootOwner.token,
    body: patch,
  });
  if (res.status !== 200) throw new Error(res.text);
};

const MATRIX: Row[] = [
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
      expect(ids(res).includes(f.invitation.id), role).toBe(role !== 'member'),
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
];

/**
 * Routes anyone may call without signing in (the token in the path, or nothing, is the credential).
 */
const PUBLIC = [
  'GET /health',
  'GET /',
  'GET /invite/:token/code',
  'GET /invite/:token/verify',
  'GET /set-password/:token/code',
  'GET /set-password/:token/verify',
  'POST /api/auth/login',
  'GET /api/join/:token',
  'POST /api/join/:token',
  'GET /api/invite/:token',
  'POST /api/invite/:token/accept',
  'POST /api/invite/:token/code',
  'POST /invite/:token/code',
  'POST /api/invite/:token/verify',
  'POST /invite/:token/verify',
  'POST /set-password/:token/code',
  'POST /set-password/:token/verify',
  'POST /api/auth/password-reset',
  'GET /reset-password',
  'POST /reset-password',
  'GET /reset-password/:token',
  'POST /reset-password/:token',
  'GET /join/:token',
  'POST /join/:token',
  'GET /invite/:token',
  'POST /invite/:token',
  'GET /set-password/:token',
  'POST /set-password/:token',
  'GET /confirm/:token',
  'POST /confirm/:token',
  'GET /login',
  'POST /login',
  'GET /account/password',
  'POST /account/password',
  'GET /dev/mail',
  'GET /dev/mail.json',
];

let h: Harness;
let base: Awaited<ReturnType<typeof orgWithRoles>>;
/**
 * Records for the cases that must be refused: a refused request changes nothing (checked), so they
 * can share.
 */
let shared: OrgFixture;
beforeAll(async () => {
  h = await startHarness({ autoDeliver: false });
  base = await orgWithRoles(h);
  shared = await orgFixture(h, base.orgId, base.owner.token);
});
afterAll(() => h.close());

describe('the permission matrix covers the app', () => {
  it('has a row for every signed-in route and none for a route that does not exist', () => {
    const registered = endpoints(h.app).map(routeKey);
    const signedIn = registered.filter((k) => !PUBLIC.includes(k));
    expect([...new Set(MATRIX.map((r) => r.route))].sort()).toEqual([...signedIn].sort());
    expect(PUBLIC.filter((k) => !registered.includes(k))).toEqual([]);
  });

  it('every route it calls public answers someone who is not signed in (no 401)', async () => {
    for (const key of PUBLIC) {
      const [method, path] = key.split(' ') as [string, string];
      const res = await h.call(
        method,
        path.replace(':token', 'not-a-token'),
        method === 'GET' ? {} : { body: {} },
      );
      expect(res.status, key).not.toBe(401);
      expect(res.status, key).toBeLessThan(500);
    }
  });
});

describe.each(
  MATRIX.map((row) => [`${row.route}${row.variant ? ` (${row.variant})` : ''}`, row] as const),
)('%s', (_name, row) => {
  it.each(ROLES)('%s', async (role) => {
    const [method, path] = row.route.split(' ') as [string, string];
    const route = { method, path };
    const want = row.expect[role];
    // Each allowed case on records newer than any before (lists are newest first), made for it
    // alone.
    h.clock.advance(1_000);
    const f = want === 'ok' ? await orgFixture(h, base.orgId, base.owner.token) : shared;
    const actor = await actorWithRole(h, f, role);
    const values: Record<string, string> = {};
    const ctx: Ctx = { h, f, role, actor, rootOwner: base.owner, values };
    for (const name of paramsOf(path))
      values[name] = name === 'org' ? f.orgId : fixtureId(f, resourceOf(path, name)!);
    Object.assign(values, await row.params?.(ctx));
    await row.setup?.(ctx);
    try {
      const body = row.body ? row.body(ctx) : sampleBody(route, f);
      const before = want === 'ok' ? null : await fingerprint(h.db);
      const res = await callRoute(h, route, samplePath(route, values), body, actor?.token);
      if (want === 'ok') {
        expect(res.status, `${role}: ${res.text.slice(0, 300)}`).toBeLessThan(300);
        await row.check?.(res, ctx);
      } else {
        expect(res.status, `${role}: ${res.text.slice(0, 300)}`).toBe(want);
        expectErrorShape(res, role);
        expect(
          changedTables(before!, await fingerprint(h.db)),
          `${role} was refused but the database changed`,
        ).toEqual([]);
      }
    } finally {
      await row.cleanup?.(ctx);
    }
  });
});
