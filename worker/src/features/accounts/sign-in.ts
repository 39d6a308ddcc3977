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
import { activeMemberships, toUserDto } from './accounts';
import { checkCredentials, type LoginAccount } from './credentials';
import { createSession } from './sessions';

type UserRow = typeof users.$inferSelect;

export interface SignInInput {
  clientIp: string;
  account: LoginAccount;
  password: string;
}

async function accountOf(s: Services, input: SignInInput): Promise<UserRow> {
  const user = await checkCredentials(s, input.clientIp, input.account, input.password);
  if (!user) throw new AppError('invalid_credentials', 'The account or password is not right');
  return user;
}

/** Signs in through the API: a new session, and who the user is. */
export async function signIn(s: Services, input: SignInInput): Promise<LoginResponse> {
  const { db } = s;
  const user = await accountOf(s, input);
  const t = s.now();
  const session = await createSession(db, user.id, t);
  const memberships = await activeMemberships(db, user.id);
  // The sign-in is recorded in each organization's audit log when the session first uses it
  // (http/middleware/auth.ts).
  await db.batch([
    session.insert,
    db.update(users).set({ lastActiveAt: t }).where(eq(users.id, user.id)),
  ]);
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
  const user = await accountOf(s, input);
  if (user.mustChangePassword) return { user, mustChangePassword: true };
  const t = s.now();
  const memberships = await activeMemberships(db, user.id);
  await db.update(users).set({ lastActiveAt: t }).where(eq(users.id, user.id));
  return { user, mustChangePassword: false, memberships };
}

/** Ends the session. */
export async function signOut(s: Services, input: { sessionId: string }): Promise<void> {
  await s.db.delete(sessions).where(eq(sessions.id, input.sessionId));
}
