/**
 * Test data through the product's own code paths where one exists (sign-in, organization creation),
 * and plain inserts into the real database for people who already have accounts.
 */
import { and, eq } from 'drizzle-orm';
import { memberships, users } from '../../worker/src/db/schema';
import { newId } from '../../worker/src/lib/ids';
import type { Harness } from './harness';

export const PASSWORD = 'correct horse battery';

export interface Person {
  id: string;
  email: string;
  token: string;
}

/**
 * An account with a password whose address was proven (as every account that has one is); signed
 * in.
 */
export async function createUser(
  h: Harness,
  email: string,
  opts: { name?: string; password?: string; mustChangePassword?: boolean } = {},
): Promise<Person> {
  const id = newId();
  const t = h.clock.now();
  await h.db.insert(users).values({
    id,
    email,
    name: opts.name ?? email.split('@')[0]!,
    passwordHash: await h.services.passwords.hash(opts.password ?? PASSWORD),
    mustChangePassword: opts.mustChangePassword ?? false,
    createdAt: t,
    registeredAt: t,
    emailVerifiedAt: t,
  });
  const res = await h.call('POST', '/api/auth/login', {
    body: { email, password: opts.password ?? PASSWORD },
  });
  return { id, email, token: res.body?.token ?? '' };
}

/** Signs in and returns the token. */
export async function login(h: Harness, email: string, password = PASSWORD): Promise<string> {
  const res = await h.call('POST', '/api/auth/login', { body: { email, password } });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.text}`);
  return res.body.token as string;
}

/** An organization created through the API by `owner`. */
export async function createOrg(h: Harness, owner: Person, name = 'Acme'): Promise<string> {
  const res = await h.call('POST', '/api/orgs', { token: owner.token, body: { name } });
  if (res.status !== 201) throw new Error(`org creation failed: ${res.status} ${res.text}`);
  return res.body.id as string;
}

/** Makes `person` an active member of `orgId` with `role`. */
export async function addMember(
  h: Harness,
  orgId: string,
  person: Person,
  role: 'owner' | 'admin' | 'member',
): Promise<void> {
  const t = h.clock.now();
  await h.db
    .insert(memberships)
    .values({
      orgId,
      userId: person.id,
      role,
      status: 'active',
      source: 'added',
      createdAt: t,
      activatedAt: t,
      updatedAt: t,
    })
    .onConflictDoUpdate({
      target: [memberships.orgId, memberships.userId],
      set: { role, status: 'active' },
    });
}

export async function removeMember(h: Harness, orgId: string, userId: string): Promise<void> {
  await h.db
    .delete(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)));
}

/** An organization with an owner, an admin and a member, all signed in. */
export async function orgWithRoles(h: Harness, name = 'Acme') {
  const owner = await createUser(h, `owner@${name.toLowerCase()}.test`);
  const orgId = await createOrg(h, owner, name);
  const admin = await createUser(h, `admin@${name.toLowerCase()}.test`);
  const member = await createUser(h, `member@${name.toLowerCase()}.test`);
  await addMember(h, orgId, admin, 'admin');
  await addMember(h, orgId, member, 'member');
  return { orgId, owner, admin, member };
}

/**
 * Acme with its owner, admin and member, and an outsider with an organization of their own, Beta
 * (the trust tests).
 */
export async function acmeAndOutsider(h: Harness) {
  const acme = await orgWithRoles(h, 'Acme');
  const outsider = await createUser(h, 'outsider@evil.example');
  const betaId = await createOrg(h, outsider, 'Beta');
  return { acme, outsider, betaId };
}
