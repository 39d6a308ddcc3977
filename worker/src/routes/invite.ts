/**
 * Accepting a personal invitation through the API (public; the token is the credential):
 * `GET /api/invite/:token` shows what the invitation offers and changes nothing; `POST /api/invite/:token/accept`
 * accepts it — a new account sets its name and password, an existing one proves itself with its password, and a
 * signed-in caller must be the invited address (403 otherwise, nothing changes). Answers a session.
 */
import { acceptInvitationRequestSchema, type AcceptInvitationResponse, type InviteInfo } from '../../../shared/api/invitations';
import { iso } from '../db/pagination';
import { toUserDto } from '../domain/accounts';
import { acceptInvitation, openInvitation, type AcceptFailure } from '../domain/invitation-accept';
import { enforceRateLimits } from '../domain/rate-limit';
import { validateSession } from '../domain/sessions';
import { AppError } from '../errors';
import { bearerToken } from '../middleware/auth';
import { json } from '../middleware/validate';
import { publicRouter } from './router';

const toError = (f: AcceptFailure) => new AppError(f.code, f.message, f.fields);

export const inviteApiRoutes = publicRouter()
  .get('/:token', async (c) => {
    const open = await openInvitation(c.var.services, c.req.param('token'));
    if (!open.ok) throw toError(open);
    return c.json({
      org: { name: open.orgName },
      inviter: { name: open.inviterName },
      email: open.inv.email,
      phone: open.inv.phone,
      role: open.inv.role,
      expiresAt: iso(open.inv.expiresAt),
      account: open.account?.passwordHash ? 'existing' : 'new',
    } satisfies InviteInfo);
  })
  .post('/:token/accept', json(acceptInvitationRequestSchema), async (c) => {
    const s = c.var.services;
    const token = c.req.param('token');
    await enforceRateLimits(
      s.rateLimiter,
      [
        { key: `accept:token:${token.slice(0, 80)}`, limit: 10, windowMs: 15 * 60_000 },
        { key: `accept:ip:${s.clientIp(c)}`, limit: 100, windowMs: 15 * 60_000 },
      ],
      s.now(),
    );
    // Signing in is optional; a credential that is sent must be valid.
    const header = c.req.header('authorization');
    let signedIn = null;
    if (header !== undefined) {
      const bearer = bearerToken(header);
      const found = bearer ? await validateSession(s.db, bearer, s.now()) : null;
      if (!found) throw new AppError('unauthenticated', 'Sign in again, or accept without signing in');
      signedIn = found.user;
    }
    const result = await acceptInvitation(s, token, c.req.valid('json'), signedIn, true);
    if (!result.ok) throw toError(result);
    const { user, inv, session } = result;
    return c.json({
      token: session!.token,
      expiresAt: iso(session!.expiresAt),
      user: toUserDto(user),
      membership: { orgId: inv.orgId, userId: user.id, role: inv.role, status: 'active' },
    } satisfies AcceptInvitationResponse);
  });
