/**
 * Fixtures for the robustness suite (test/helpers/robustness-routes.ts names what they are for): the
 * records of one organization, made through the API by its owner, and people with a role, made
 * directly (a precomputed password hash and a session), so a test can afford a fresh person per
 * case.
 */
import { eq } from 'drizzle-orm';
import { actionTokens, renewals, users, webhookEndpoints } from '../../worker/src/db/schema';
import { createSession } from '../../worker/src/features/accounts/sessions';
import { newId } from '../../worker/src/lib/ids';
import type { Harness } from './harness';
import { addPerson, createDepartment, createWorkspace, joinWorkspace } from './invitations';
import { createApiKey } from './api-keys';
import { apply, createLink } from './links';
import { addMember, PASSWORD, type Person } from './seed';

export type Resource =
  | 'department'
  | 'workspace'
  | 'invitation'
  | 'member'
  | 'link'
  | 'application'
  | 'renewal'
  | 'apiKey'
  | 'webhook';

/** Fresh records of one organization, made by its owner through the API. */
export interface OrgFixture {
  orgId: string;
  department: string;
  workspace: string;
  link: { id: string; token: string };
  application: string;
  /** A personal invitation (member role) granting `workspace`. */
  invitation: { id: string; token: string };
  /** A pending member, added but not invited. */
  member: string;
  /** A pending request for a new invitation, from a page of one of the owner's links. */
  renewal: string;
  /** An API key (member role) the owner made. */
  apiKey: string;
  /** A webhook endpoint (to a host that does not resolve), the organization's only one. */
  webhook: string;
}

let seq = 0;
export const unique = () => `${Date.now().toString(36)}${(seq++).toString(36)}`;
/** The next number of the sequence `unique()` draws from. */
export const nextSeq = () => seq++;

export async function orgFixture(
  h: Harness,
  orgId: string,
  ownerToken: string,
): Promise<OrgFixture> {
  const n = unique();
  const department = await createDepartment(h, orgId, ownerToken, `Dept ${n}`);
  const workspace = await createWorkspace(h, orgId, ownerToken, `Space ${n}`);
  const link = await createLink(h, orgId, ownerToken, { maxUses: 100 });
  const applied = await apply(h, link.token, {
    name: `Applicant ${n}`,
    email: `applicant-${n}@example.com`,
  });
  if (applied.status !== 201) throw new Error(`apply: ${applied.status} ${applied.text}`);
  const apps = await h.call(
    'GET',
    `/api/orgs/${orgId}/applications?q=${encodeURIComponent(`applicant-${n}`)}`,
    { token: ownerToken },
  );
  const inv = await h.call('POST', `/api/orgs/${orgId}/invitations`, {
    token: ownerToken,
    body: {
      email: `invitee-${n}@example.com`,
      role: 'member',
      channel: 'link',
      workspaces: [{ workspaceId: workspace, role: 'member' }],
    },
  });
  if (inv.status !== 201) throw new Error(`invitation: ${inv.status} ${inv.text}`);
  const member = await addPerson(h, orgId, ownerToken, { email: `person-${n}@example.com` });
  const renewal = newId();
  await h.db.insert(renewals).values({
    id: renewal,
    orgId,
    kind: 'asked',
    linkId: link.id,
    ownerId: (await h.call('GET', '/api/me', { token: ownerToken })).body.user.id,
    name: `Asker ${n}`,
    email: `asker-${n}@example.com`,
    role: 'member',
    status: 'pending',
    createdAt: h.clock.now(),
  });
  const apiKey = await createApiKey(h, orgId, ownerToken, { name: `Key ${n}`, role: 'member' });
  // An organization has at most 10 endpoints: each fixture's is its only one (a refused request is
  // refused before any endpoint is looked up, so older fixtures' cases do not need theirs).
  await h.db.delete(webhookEndpoints).where(eq(webhookEndpoints.orgId, orgId));
  const hook = await h.call('POST', `/api/orgs/${orgId}/webhooks`, {
    token: ownerToken,
    body: { url: `https://hooks.example.com/${n}`, events: ['member.joined'] },
  });
  if (hook.status !== 201) throw new Error(`webhook: ${hook.status} ${hook.text}`);
  return {
    orgId,
    department,
    workspace,
    link: { id: link.id, token: link.token },
    application: apps.body.items[0].id,
    invitation: { id: inv.body.invitation.id, token: String(inv.body.url).split('/invite/')[1]! },
    member,
    renewal,
    apiKey: apiKey.id,
    webhook: hook.body.id,
  };
}

export function fixtureId(f: OrgFixture, resource: Resource): string {
  return {
    department: f.department,
    workspace: f.workspace,
    invitation: f.invitation.id,
    member: f.member,
    link: f.link.id,
    application: f.application,
    renewal: f.renewal,
    apiKey: f.apiKey,
    webhook: f.webhook,
  }[resource];
}

let passwordHash: string | undefined;

/**
 * A signed-in account without the cost of hashing a password for each (they all share PASSWORD).
 */
export async function quickPerson(h: Harness, label = 'person'): Promise<Person> {
  passwordHash ??= await h.services.passwords.hash(PASSWORD);
  const id = newId();
  const email = `${label}-${unique()}@example.com`;
  const t = h.clock.now();
  const session = await createSession(h.db, id, t);
  await h.db.batch([
    h.db.insert(users).values({
      id,
      email,
      name: `${label} ${id.slice(0, 4)}`,
      passwordHash,
      createdAt: t,
      registeredAt: t,
    }),
    session.insert,
  ]);
  return { id, email, token: session.token };
}

export type Role =
  | 'owner'
  | 'admin'
  | 'manager'
  | 'member'
  | 'outsider'
  | 'anonymous'
  | 'adminKey'
  | 'memberKey';
export const ROLES: Role[] = [
  'owner',
  'admin',
  'manager',
  'member',
  'outsider',
  'anonymous',
  'adminKey',
  'memberKey',
];

/**
 * A fresh person holding `role` in the fixture's organization (`manager`: a member managing its
 * workspace); for `adminKey` / `memberKey`, an API key of that role made by a fresh admin (the
 * answer is that admin, with the key as the token).
 */
export async function actorWithRole(h: Harness, f: OrgFixture, role: Role): Promise<Person | null> {
  if (role === 'anonymous') return null;
  if (role === 'adminKey' || role === 'memberKey') {
    const creator = await quickPerson(h, 'key-creator');
    await addMember(h, f.orgId, creator, 'admin');
    const made = await createApiKey(h, f.orgId, creator.token, {
      name: `${role} ${unique()}`,
      role: role === 'adminKey' ? 'admin' : 'member',
    });
    return { ...creator, token: made.key };
  }
  const p = await quickPerson(h, role);
  if (role === 'outsider') return p;
  await addMember(h, f.orgId, p, role === 'manager' ? 'member' : role);
  if (role === 'manager') await joinWorkspace(h, f.orgId, f.workspace, p.id, 'manager');
  return p;
}

/**
 * The unused single-use links (set-password, confirm) in the database, as the tokens their messages
 * carry.
 */
export async function actionTokensByKind(
  h: Harness,
): Promise<Record<'set_password' | 'confirm_join' | 'reset_password', string[]>> {
  const out: Record<'set_password' | 'confirm_join' | 'reset_password', string[]> = {
    set_password: [],
    confirm_join: [],
    reset_password: [],
  };
  for (const r of await h.db.select().from(actionTokens))
    if (r.usedAt === null)
      out[r.purpose].push(await h.services.tokens.derive(r.purpose, r.id, r.tokenNonce));
  return out;
}
