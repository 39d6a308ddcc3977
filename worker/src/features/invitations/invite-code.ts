/**
 * Codes for an invitation whose link does not prove its address (`needsCode`): sending one to the
 * invitation's address, saying until when one already sent works, and checking one
 * (features/accounts/verification-codes.ts). The API and the page share them.
 */
import type { Locale } from '../../../../shared/i18n';
import {
  checkCode,
  liveCodeUntil,
  sendCode,
  type CodeFailure,
  type CodeRow,
} from '../accounts/verification-codes';
import type { Services } from '../../env';
import type { InvitationRow } from './invitations';
import {
  accountKind,
  codeTargetOf,
  invitedAddress,
  needsCode,
  type OpenInvitation,
} from './open-invitation';

export interface InviteCodeInput {
  open: OpenInvitation;
  clientIp: string;
  /** The language of the page or request that asked for the code (its message speaks it). */
  locale?: Locale | null;
}

/**
 * Sends a code to the invitation's address; null when its link proves the address, so no code is
 * sent (the caller says so in its own words).
 */
export async function sendInvitationCode(
  s: Services,
  { open, clientIp, locale }: InviteCodeInput,
): Promise<{ sentTo: string; channel: 'email' | 'sms'; expiresAt: number } | null> {
  if (!needsCode(open)) return null;
  return sendCode(s, codeTargetOf(open.inv), open.org, clientIp, locale ?? null);
}

/** Until when a code already sent for the invitation works, if it needs one and one does. */
export async function codeSentUntil(s: Services, open: OpenInvitation): Promise<number | null> {
  return needsCode(open) ? liveCodeUntil(s.db, codeTargetOf(open.inv).forId, s.now()) : null;
}

/** A code given for the invitation, checked (a try; nothing else changes). */
export const checkInvitationCode = (
  s: Services,
  inv: InvitationRow,
  code: string,
  clientIp: string,
): Promise<{ ok: true; row: CodeRow } | CodeFailure> =>
  checkCode(s, inv.id, invitedAddress(inv), code, clientIp);

/** Checks a code for the invitation and says which account accepting it concerns. */
export async function verifyInvitationCode(
  s: Services,
  { open, clientIp, code }: InviteCodeInput & { code: string },
): Promise<{ ok: true; account: 'new' | 'existing' } | CodeFailure> {
  const checked = await checkInvitationCode(s, open.inv, code, clientIp);
  return checked.ok ? { ok: true, account: accountKind(open) } : checked;
}
