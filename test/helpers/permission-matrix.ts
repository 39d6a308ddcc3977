/**
 * The vocabulary of the permission matrix (test/helpers/permission-rows.ts holds its rows,
 * test/robustness/permission-matrix.test.ts runs them; docs/DESIGN.md §2 is the table they encode):
 * an expected outcome per role, what a row may add to its case (a body, path values, setup and
 * cleanup, more checks), the records a row's variant acts on, and the routes anyone may call
 * without signing in.
 */
import { renewals } from '../../worker/src/db/schema';
import { newId } from '../../worker/src/lib/ids';
import type { Harness, Reply } from './harness';
import { apply, createLink } from './links';
import type { OrgFixture, Role, SampleBody } from './robustness-routes';
import type { Person } from './seed';

export type Outcome = 'ok' | 401 | 403 | 404;

export interface Ctx {
  h: Harness;
  f: OrgFixture;
  role: Role;
  actor: Person | null;
  rootOwner: Person;
  /** The path values (and whatever `params` added for `body` and `check`). */
  values: Record<string, string>;
}

export interface Row {
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
 * Outcomes for owner, admin, workspace manager, member; outsiders get 404 and nobody signed in 401;
 * an admin's or a member's API key (made by an admin) what its role gets.
 */
export function org(spec: string): Record<Role, Outcome> {
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
    adminKey: admin!,
    memberKey: member!,
  };
}

/** What only a person signed in as themselves may do: keys are refused with 403. */
export const peopleOnly = (outcomes: Record<Role, Outcome>): Record<Role, Outcome> => ({
  ...outcomes,
  adminKey: 403,
  memberKey: 403,
});
export const anyoneSignedIn: Record<Role, Outcome> = {
  owner: 'ok',
  admin: 'ok',
  manager: 'ok',
  member: 'ok',
  outsider: 'ok',
  anonymous: 401,
  adminKey: 403,
  memberKey: 403,
};
export const isAdmin = (role: Role) => role === 'owner' || role === 'admin' || role === 'adminKey';
export const ids = (res: Reply) => (res.body.items as { id: string }[]).map((i) => i.id);
export const json = (value: unknown): SampleBody => ({ json: value });

/** A link the acting person made (falls back to the fixture's for those who cannot make one). */
export async function ownLink(ctx: Ctx): Promise<Record<string, string>> {
  if (!ctx.actor || ctx.role === 'outsider') return {};
  const link = await createLink(ctx.h, ctx.f.orgId, ctx.actor.token);
  return { id: link.id };
}
/** An application that came through a link the acting person made. */
export async function ownLinkApplication(ctx: Ctx): Promise<Record<string, string>> {
  if (!ctx.actor || ctx.role === 'outsider') return {};
  const link = await createLink(ctx.h, ctx.f.orgId, ctx.actor.token);
  const email = `own-link-${link.id}@example.com`.toLowerCase();
  await apply(ctx.h, link.token, { name: 'Own Link Applicant', email });
  const res = await ctx.h.call('GET', `/api/orgs/${ctx.f.orgId}/applications?linkId=${link.id}`, {
    token: ctx.rootOwner.token,
  });
  return { id: res.body.items[0].id };
}
/** A pending request for a new invitation from a page of a link the acting person made. */
export async function ownRenewal(ctx: Ctx): Promise<Record<string, string>> {
  if (!ctx.actor || ctx.role === 'outsider') return {};
  const id = newId();
  await ctx.h.db.insert(renewals).values({
    id,
    orgId: ctx.f.orgId,
    kind: 'asked',
    ownerId: ctx.actor.id,
    name: 'Own Asker',
    email: `own-asker-${id}@example.com`.toLowerCase(),
    role: 'member',
    status: 'pending',
    createdAt: ctx.h.clock.now(),
  });
  return { id };
}
/** An invitation granting the owner role (only owners manage those). */
export async function ownerInvitation(ctx: Ctx): Promise<Record<string, string>> {
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
export async function ownerMember(ctx: Ctx): Promise<Record<string, string>> {
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
export const setting = (patch: Record<string, unknown>) => async (ctx: Ctx) => {
  const res = await ctx.h.call('PATCH', `/api/orgs/${ctx.f.orgId}/settings`, {
    token: ctx.rootOwner.token,
    body: patch,
  });
  if (res.status !== 200) throw new Error(res.text);
};

/**
 * Routes anyone may call without signing in (the token in the path, or nothing, is the credential).
 */
export const PUBLIC = [
  'GET /health',
  'GET /favicon.ico',
  'GET /openapi.json',
  'GET /docs/api',
  'GET /logos/:orgId/:etag',
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
  'GET /renew/invite/:token',
  'POST /renew/invite/:token',
  'GET /renew/join/:token',
  'POST /renew/join/:token',
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
  // Delivery reports: their signature is the credential (features/delivery/webhooks-api.ts).
  'POST /webhooks/resend',
  'POST /webhooks/sms',
];
