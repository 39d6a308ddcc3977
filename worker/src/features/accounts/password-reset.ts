/**
 * "Forgot your password?": a single-use link, valid for an hour, to the account's sign-in address
 * (its e-mail, or the phone of an account known only by one). Using it proves the address, so it
 * sets the password of whoever owns the address — the way the owner of an address takes back an
 * account someone else set a password on — and signs every session out, ending the account's other
 * reset links (features/accounts/set-password.ts). Asking again does not end earlier links, so a
 * stranger's requests cannot kill the owner's. The answer is the same whether or not an account exists.
 *
 * Limits: 3 an hour per account and client, 20 per client, 10 per account — past which only a
 * client that signed in to the account before may still ask, so strangers cannot stop its owner
 * from asking.
 */
import type { Locale } from '../../../../shared/i18n';
import type { Context } from 'hono';
import type { Services } from '../../env';
import { accountsNamed, isKnownClient, subjectOfUser, type LoginAccount } from './credentials';
import { newActionToken } from './action-tokens';
import { queueMessage } from '../../mail/outbox';
import { tooMany } from '../../lib/rate-limit';

export const RESET_TTL_MS = 60 * 60_000;
export const RESET_LIMITS = {
  perAccountClient: 3,
  perAccount: 10,
  perClient: 20,
  windowMs: 60 * 60_000,
};

/** Who asks (for the limits), and for which account. */
export interface PasswordResetRequest {
  clientIp: string;
  account: LoginAccount;
  /** The language of the request (its message speaks it); null: English or the organization's. */
  locale?: Locale | null;
}

export const RESET_KINDS = { email: 'password_reset_email', sms: 'password_reset_sms' } as const;

/**
 * Checks the limits (429 past them) and answers the work that writes the link and its message,
 * which the route runs after its answer (`services.background`): whether an account exists then
 * changes nothing the client can time. Only an account that has a password gets a link — one that
 * never had one is claimed through its invitation, not here — and a phone gets one link, for its
 * most recently used account.
 */
export async function requestPasswordReset(
  s: Services,
  input: PasswordResetRequest,
): Promise<() => Promise<void>> {
  const { db } = s;
  const { clientIp, account } = input;
  const t = s.now();
  const { key, candidates } = await accountsNamed(s, account);
  const W = RESET_LIMITS.windowMs;
  const [pair, client, perAccount] = await s.rateLimiter.hitAll(
    [
      { key: `reset:${key}:${clientIp}`, limit: RESET_LIMITS.perAccountClient, windowMs: W },
      { key: `reset:client:${clientIp}`, limit: RESET_LIMITS.perClient, windowMs: W },
      { key: `reset:${key}`, limit: RESET_LIMITS.perAccount, windowMs: W },
    ],
    t,
  );
  const refused = tooMany([pair!, client!]);
  if (refused) throw refused;
  if (!perAccount!.ok) {
    const known = await Promise.all(
      candidates.map((u) => isKnownClient(s, subjectOfUser(u.id), clientIp)),
    );
    if (!known.some(Boolean)) throw tooMany([perAccount!])!;
  }
  const user = candidates.find((u) => u.passwordHash !== null);
  return async () => {
    if (!user) return;
    const sentTo = user.email ?? user.phone!;
    const channel = user.email ? 'email' : 'sms';
    const token = newActionToken(
      db,
      {
        purpose: 'reset_password',
        userId: user.id,
        orgId: null,
        sentTo,
        createdBy: null,
        ttlMs: RESET_TTL_MS,
      },
      t,
    );
    await db.batch([
      token.insert,
      queueMessage(
        db,
        {
          kind: RESET_KINDS[channel],
          channel,
          recipient: sentTo,
          refId: token.row.id,
          locale: input.locale ?? null,
        },
        t,
      ),
    ]);
  };
}

const afterTheAnswer = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Asks for a reset link and sends it after the answer (see `requestPasswordReset`). */
export async function resetInBackground(
  s: Services,
  c: Context,
  input: PasswordResetRequest,
): Promise<void> {
  const send = await requestPasswordReset(s, input);
  // A timer, not a microtask: the writes for an existing account start once the answer is on its
  // way, so how fast the answer comes tells nothing of whether the account exists.
  s.afterResponse(c, () =>
    afterTheAnswer()
      .then(send)
      .then(() => s.deliverSoon(c)),
  );
}
