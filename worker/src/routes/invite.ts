/**
 * Accepting a personal invitation through the API (public; the token is the credential):
 * `GET /api/invite/:token` shows what the invitation offers and changes nothing; `POST /api/invite/:token/code` sends
 * a code to the invitation's address (for an invitation handed out as a copied link); `POST /api/invite/:token/accept`
 * accepts it — a new account sets its name and password on proof of the address, an existing one proves itself with
 * its password, and a signed-in caller must be the invited address (403 otherwise, nothing changes). Answers a session.
 */
import { acceptInvitationRequestSchema, type AcceptInvitationResponse, type InviteCodeResponse, type InviteInfo } from '../../../shared/api/invitations';
import { iso } from '../db/pagination';
import { toUserDto } from '../domain/accounts';
import { acceptInvitation, needsCode, openInvitation, type AcceptFailure } from '../domain/invitation-accept';
import { enforceRateLimits } from '../domain/rate-limit';
import { validateSession } from '../domain/sessions';
import { sendInvitationCode } from '../domain/verification-codes';
import type { AppContext } from '../env';
import { AppError } from '../errors';
import { bearerToken } from '../middleware/auth';
import { json } from '../middleware/validate';
import { publicRouter } from './router';

const toError = (f: AcceptFailure) => new AppError(f.code, f.message, f.fields);

/** Signing in is optional here; a credential that is sent must be valid. */
async function signedInUser(c: AppContext) {
  const s = c.var.services;
  const header = c.req.header('authorization');
  if (header === undefined) return null;
  const bearer = bearerToken(header);
  const found = bearer ? await validateSession(s.db, bearer, s.now()) : null;
  if (!found) throw new AppError('unauthenticated', 'Sign in again, or accept without signing in');
  return found.user;
}

export const inviteApiRoutes = publicRouter()
  .get('/:token', async (c) => {
    const open = await openInvitation(c.var.services, c.req.param('token'));
    if (!open.ok) throw toError(open);
    const me = await signedInUser(c);
    const address = open.inv.email ?? open.inv.phone;
    return c.json({
      org: { name: open.orgName },
      inviter: { name: open.inviterName },
      email: open.inv.email,
      phone: open.inv.phone,
      role: open.inv.role,
      expiresAt: iso(open.inv.expiresAt),
      account: open.account?.passwordHash ? 'existing' : 'new',
      needsCode: needsCode(open),
      ...(me ? { signedIn: { account: me.email ?? me.phone ?? '', matches: address === (open.inv.email ? me.email : me.phone) } } : {}),
    } satisfies InviteInfo);
  })
  .post('/:token/code', async (c) => {
    const s = c.var.services;
    const open = await openInvitation(s, c.req.param('token'));
    if (!open.ok) throw toError(open);
    if (open.inv.channel !== 'link') throw new AppError('conflict', 'This invitation went to its address, so its link is all you need: no code is sent for it');
    const sent = await sendInvitationCode(s, open.inv, open.org, s.clientIp(c));
    s.deliverSoon(c);
    return c.json({ sentTo: sent.sentTo, channel: sent.channel, expiresAt: iso(sent.expiresAt) } satisfies InviteCodeResponse, 202);
  })
  .post('/:token/accept', json(acceptInvitationRequestSchema), async (c) => {
    const s = c.var.services;
    const client = s.clientIp(c);
    await enforceRateLimits(s.rateLimiter, [{ key: `accept:client:${client}`, limit: 100, windowMs: 15 * 60_000 }], s.now());
    const result = await acceptInvitation(s, c.req.param('token'), c.req.valid('json'), await signedInUser(c), client, true);
    if (!result.ok) throw toError(result);
    const { user, inv, session } = result;
    return c.json({
      token: session!.token,
      expiresAt: iso(session!.expiresAt),
      user: toUserDto(user),
      membership: { orgId: inv.orgId, userId: user.id, role: inv.role, status: 'active' },
    } satisfies AcceptInvitationResponse);
  });
