/**
 * Signing in and out. The API's sign-in opens a session; the hosted `/login` page only checks the
 * account and says where to go next (it keeps no cookie). Both go through `checkCredentials`
 * (features/accounts/credentials.ts), so they share its limits and accept an initial password
 * (features/accounts/initial-password.ts), and both answer the same `invalid_credentials` for an
 * unknown address, a wrong password, or an account without a password yet.
 */
import { eq } from 'drizzle-orm';
import type { LoginResponse, MeResponse } from '../../../../shared/api/auth';
import { iso } from '../../db/pagination';
import { sessions, users } from '../../db/schema';
import type { Services } from '../../env';
import { AppError } from '../../errors';
import { activeMembershipsStatement, toUserDto } from './accounts';
import { checkCredentials, settle as settleCounters, type LoginAccount } from './credentials';
import { createSession } from './sessions';

type UserRow = typeof users.$inferSelect;

export interface SignInInput {
  clientIp: string;
  account: LoginAccount;
  password: string;
}

async function accountOf(s: Services, input: SignInInput) {
  const found = await checkCredentials(s, input.clientIp, input.account, input.password);
  if (!found) throw new AppError('invalid_credentials', 'The account or password is not right');
  return found;
}

/**
 * Signs in through the API: a new session, and who the user is. After the password is checked, one
 * batch records the success, opens the session and reads the memberships.
 */
export async function signIn(s: Services, input: SignInInput): Promise<LoginResponse> {
  const { db } = s;
  const { user, settle } = await accountOf(s, input);
  const t = s.now();
  const session = await createSession(db, user.id, t);
  // The sign-in is recorded in each organization's audit log when the session first uses it
  // (http/middleware/auth.ts).
  const answers = await db.batch([
    session.insert,
    db.update(users).set({ lastActiveAt: t }).where(eq(users.id, user.id)),
    ...settle,
    activeMembershipsStatement(db, user.id),
  ]);
  const memberships = answers.at(-1) as MeResponse['memberships'];
  return {
    token: session.token,
    expiresAt: iso(session.expiresAt),
    user: toUserDto(user),
    memberships,
  };
}

export type PageSignIn =
  | { user: UserRow; mustChangePassword: true }
  | { user: UserRow; mustChangePassword: false; memberships: MeResponse['memberships'] };

/**
 * Signs in on the hosted `/login` page: no session and no organization, so nothing goes to an
 * organization's audit log. An account with an initial password is told to choose its own first.
 */
export async function signInOnPage(s: Services, input: SignInInput): Promise<PageSignIn> {
  const { db } = s;
  const { user, settle } = await accountOf(s, input);
  if (user.mustChangePassword) {
    await settleCounters(s, settle);
    return { user, mustChangePassword: true };
  }
  const answers = await db.batch([
    db.update(users).set({ lastActiveAt: s.now() }).where(eq(users.id, user.id)),
    ...settle,
    activeMembershipsStatement(db, user.id),
  ]);
  return {
    user,
    mustChangePassword: false,
    memberships: answers.at(-1) as MeResponse['memberships'],
  };
}

/** Ends the session. */
export async function signOut(s: Services, input: { sessionId: string }): Promise<void> {
  await s.db.delete(sessions).where(eq(sessions.id, input.sessionId));
}
