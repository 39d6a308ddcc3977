/**
 * Accepting a personal invitation through the API (public; the token is the credential): `GET
 * /api/invite/:token` shows what the invitation offers and changes nothing; when its link does not
 * prove the address (`needsCode`: a copied link, an SMS for someone who signs in with e-mail),
 * `POST /api/invite/:token/code` sends a code there and `POST /api/invite/:token/verify` checks it;
 * `POST /api/invite/:token/accept` accepts — a new account sets its name and password on proof of
 * the address, an existing one proves itself with its password, and a signed-in caller must be the
 * invited address (403 otherwise, nothing changes). Answers a session.
 */
import {
  acceptInvitationRequestSchema,
  verifyInvitationCodeRequestSchema,
  type AcceptInvitationResponse,
  type InviteCodeResponse,
  type InviteInfo,
  type InviteVerifyResponse,
} from '../../../../shared/api/invitations';
import { iso } from '../../db/pagination';
import { toUserDto } from '../accounts/accounts';
import { acceptInvitation } from './accept';
import { signedInAccount } from './accept-account';
import { sendInvitationCode, verifyInvitationCode } from './invite-code';
import { requestLocale } from '../../http/request-locale';
import {
  accountShown,
  invitedAddress,
  needsCode,
  openInvitation,
  type AcceptFailure,
} from './open-invitation';
import { signInAddress } from '../accounts/proof';
import type { AppContext } from '../../env';
import { AppError } from '../../errors';
import { json } from '../../http/middleware/validate';
import { publicRouter } from '../../http/router';

const toError = (f: AcceptFailure) => new AppError(f.code, f.message, f.fields);

/** Signing in is optional here; a credential that is sent must be valid. */
const signedInUser = (c: AppContext) =>
  signedInAccount(c.var.services, c.req.header('authorization'));

/** The open invitation behind the path's token, or its error. */
async function open(c: AppContext) {
  const found = await openInvitation(c.var.services, c.req.param('token') ?? '');
  if (!found.ok) throw toError(found);
  return found;
}

export const inviteApiRoutes = publicRouter()
  .get('/:token', async (c) => {
    const inv = await open(c);
    const me = await signedInUser(c);
    const account = accountShown(inv, me);
    return c.json({
      org: { name: inv.orgName },
      inviter: { name: inv.inviterName },
      email: inv.inv.email,
      phone: inv.inv.phone,
      role: inv.inv.role,
      expiresAt: iso(inv.inv.expiresAt),
      ...(account ? { account } : {}),
      needsCode: needsCode(inv),
      ...(me
        ? {
            signedIn: {
              account: signInAddress(me),
              matches: signInAddress(me) === invitedAddress(inv.inv),
            },
          }
        : {}),
    } satisfies InviteInfo);
  })
  .post('/:token/code', async (c) => {
    const s = c.var.services;
    const sent = await sendInvitationCode(s, {
      open: await open(c),
      clientIp: s.clientIp(c),
      locale: requestLocale(c),
    });
    if (!sent)
      throw new AppError(
        'conflict',
        'This invitation went to its address, so its link is all you need: no code is sent for it',
      );
    s.deliverSoon(c);
    return c.json(
      {
        sentTo: sent.sentTo,
        channel: sent.channel,
        expiresAt: iso(sent.expiresAt),
      } satisfies InviteCodeResponse,
      202,
    );
  })
  .post('/:token/verify', json(verifyInvitationCodeRequestSchema), async (c) => {
    const s = c.var.services;
    const checked = await verifyInvitationCode(s, {
      open: await open(c),
      code: c.req.valid('json').code,
      clientIp: s.clientIp(c),
    });
    if (!checked.ok) throw toError(checked);
    return c.json({ account: checked.account } satisfies InviteVerifyResponse);
  })
  .post('/:token/accept', json(acceptInvitationRequestSchema), async (c) => {
    const s = c.var.services;
    const client = s.clientIp(c);
    const result = await acceptInvitation(s, {
      token: c.req.param('token'),
      answers: c.req.valid('json'),
      signedIn: await signedInUser(c),
      clientIp: client,
      withSession: true,
    });
    if (!result.ok) throw toError(result);
    const { user, inv, session } = result;
    return c.json({
      token: session!.token,
      expiresAt: iso(session!.expiresAt),
      user: toUserDto(user),
      membership: { orgId: inv.orgId, userId: user.id, role: inv.role, status: 'active' },
    } satisfies AcceptInvitationResponse);
  });
