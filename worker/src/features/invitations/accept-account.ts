/**
 * Who accepts a personal invitation (docs/SECURITY.md): an invitation sent by e-mail or SMS proves
 * its address; one handed out as a copied link proves nothing, so accepting it into a new or
 * password-less account needs a code sent to the address (features/accounts/verification-codes.ts),
 * and an account with a password accepts with it only once its address is proven.
 */
import { passwordSchema, personNameSchema as nameSchema } from '../../../../shared/api/common';
import type { Services } from '../../env';
import { AppError } from '../../errors';
import { bearerToken } from '../../http/middleware/auth';
import { newId } from '../../lib/ids';
import { verifyAccountPassword } from '../accounts/credentials';
import { isVerified, proves, signInAddress, signInKind, withProof } from '../accounts/proof';
import { validateSession } from '../accounts/sessions';
import type { InvitationRow } from './invitations';
import { checkInvitationCode } from './invite-code';
import {
  fail,
  invitedAddress,
  linkProves,
  type AcceptFailure,
  type OpenInvitation,
  type UserRow,
} from './open-invitation';

/**
 * The account a request is signed in to, if it sends a credential (null when it sends none); a
 * credential that is sent must be valid.
 */
export async function signedInAccount(
  s: Services,
  authorization: string | undefined,
): Promise<UserRow | null> {
  if (authorization === undefined) return null;
  const bearer = bearerToken(authorization);
  const found = bearer ? await validateSession(s.db, bearer, s.now()) : null;
  if (!found) throw new AppError('unauthenticated', 'Sign in again, or accept without signing in');
  return found.user;
}

export interface AcceptInput {
  name?: string;
  password: string;
  /** The code sent to the invitation's address, for an invitation handed out as a copied link. */
  code?: string;
}

/**
 * What proves, in this request, that the person controls the invitation's address
 * (features/accounts/proof.ts).
 */
export type Proof = { address: string; codeId: string | null };

/** A code given with the request, checked (a try); null when none was given. */
async function codeProof(
  s: Services,
  inv: InvitationRow,
  code: string | undefined,
  clientIp: string,
): Promise<Proof | null | AcceptFailure> {
  if (!code) return null;
  const checked = await checkInvitationCode(s, inv, code, clientIp);
  return checked.ok ? { address: checked.row.sentTo, codeId: checked.row.id } : checked;
}

const verificationRequired = (inv: InvitationRow) =>
  fail(
    'verification_required',
    `Confirm that ${invitedAddress(inv)} is yours: ask for a code, which goes to that address, and enter it`,
    { code: 'is required' },
  );

export interface ResolveAccountInput {
  open: OpenInvitation;
  answers: AcceptInput;
  /** The account the request is signed in to, if any (`signedInAccount`). */
  signedIn: UserRow | null;
  clientIp: string;
}

export type Account = {
  user: UserRow;
  statement: 'insert' | 'update' | 'none';
  proof: Proof | null;
};

/**
 * Who accepts. Without a proof in hand (a copied link, an SMS for an e-mail address) the code comes
 * first, before anything that depends on the account, so the answer tells the link's holder nothing
 * about whether the address has one — unless the request is signed in to the invited account and
 * its address is proven. An account with a password accepts with that password and is never given a
 * new one here. A new account, or one that never had a password (added or imported by an
 * organization), is made the person's on the proof of its sign-in address.
 */
export async function resolveAccount(
  s: Services,
  { open, answers: input, signedIn, clientIp }: ResolveAccountInput,
): Promise<Account | AcceptFailure> {
  const { inv } = open;
  const address = invitedAddress(inv);
  if (signedIn) {
    const who = signInAddress(signedIn) || 'another account';
    if (signInAddress(signedIn) !== address) {
      return fail(
        'forbidden',
        `This invitation is for ${address}; you are signed in as ${who}. Sign out, or sign in as ${address}, to accept it`,
        { account: `the invitation is for ${address}` },
      );
    }
  }
  const inHand = linkProves(inv);
  let proof: Proof | null = inHand ? { address: inHand, codeId: null } : null;
  const sessionVouches = signedIn !== null && isVerified(signedIn, signInKind(signedIn));
  if (!proof && !sessionVouches) {
    const checked = await codeProof(s, inv, input.code, clientIp);
    if (checked === null) return verificationRequired(inv);
    if ('ok' in checked) return checked;
    proof = checked;
  }
  const existing = signedIn ?? open.account;
  if (existing?.passwordHash) {
    if (!(await verifyAccountPassword(s, clientIp, existing, input.password))) {
      return fail(
        'invalid_credentials',
        `The password of ${signInAddress(existing) || 'this account'} is not right`,
        { password: 'is not right' },
      );
    }
    return {
      user: proof ? withProof(existing, proof.address, s.now()) : existing,
      statement: 'none',
      proof,
    };
  }
  const password = passwordSchema.safeParse(input.password);
  const name =
    input.name === undefined && existing
      ? { success: true as const, data: existing.name }
      : nameSchema.safeParse(input.name ?? '');
  const fields: Record<string, string> = {};
  if (!name.success) fields.name = name.error.issues[0]?.message ?? 'is required';
  if (!password.success) fields.password = password.error.issues[0]?.message ?? 'is not valid';
  if (!name.success || !password.success)
    return fail('invalid_input', 'Give your name and a password of at least 10 characters', fields);
  // Only the proof of the sign-in address makes a password-less account the holder's (an account
  // with another sign-in address than the invited one is not this invitation's to claim).
  if (!proof || (existing && !proves(existing, proof.address))) return verificationRequired(inv);
  const t = s.now();
  const fresh = {
    passwordHash: await s.passwords.hash(password.data),
    name: name.data,
    registeredAt: t,
    mustChangePassword: false,
    passwordExpiresAt: null,
  };
  if (existing)
    return {
      user: { ...withProof(existing, proof.address, t), ...fresh },
      statement: 'update',
      proof,
    };
  const user: UserRow = {
    id: newId(),
    email: inv.email,
    // An account with an e-mail address keeps no phone of an organization's choosing; the
    // membership has it.
    phone: inv.email ? null : inv.phone,
    emailVerifiedAt: inv.email && inv.email === proof.address ? t : null,
    phoneVerifiedAt: !inv.email && inv.phone === proof.address ? t : null,
    createdAt: t,
    lastActiveAt: t,
    ...fresh,
  };
  return { user, statement: 'insert', proof };
}
