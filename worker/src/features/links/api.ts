/**
 * General invitation links of an organization: create, list (with the URL, so it can be copied
 * again), see one with who joined through it, its QR code, revoke one (optionally removing everyone
 * who joined through it), and "reset all" (revoke every link the caller created). Revoked links
 * stop working at once: every join checks `revoked_at` in the same guarded write that spends the
 * use.
 */
import { and, desc, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import { toString as qrToString } from 'qrcode';
import * as z from 'zod/mini';
import { idSchema, type Role } from '../../../../shared/api/common';
import {
  createLinkRequestSchema,
  listLinksQuerySchema,
  revokeLinkRequestSchema,
  type LinkDetailDto,
  type RevokeLinkResponse,
} from '../../../../shared/api/links';
import { isoOrNull, iso, newestFirst, toPage } from '../../db/pagination';
import {
  actionTokens,
  applications,
  inviteLinks,
  memberships,
  users,
  workspaceMembers,
} from '../../db/schema';
import { selectApplications, toApplicationDto } from '../joining/applications';
import { auditEvent } from '../organizations/audit';
import { linkOptions, linkUrl, toLinkDto, usableAt, type LinkRow } from './links';
import { withDefaults } from '../organizations/orgs';
import { memberName, memberNameSql } from '../members/members';
import { can, ensure } from '../organizations/permissions';
import type { AppContext } from '../../env';
import { notFound } from '../../errors';
import { newId, newNonce } from '../../lib/ids';
import { json, params, query } from '../../http/middleware/validate';
import { actorOf, orgRouter } from '../../http/router';

const idParam = params(z.object({ org: z.string(), id: idSchema }));

type Creator = { name: string; role: Role | null };
/**
 * The link's creator as the organization knows them, and their role there now (null: no longer an
 * active member).
 */
const creatorOf = {
  name: memberNameSql(inviteLinks.orgId, inviteLinks.createdBy),
  role: sql<Role | null>`(SELECT ${memberships.role} FROM ${memberships} WHERE ${memberships.orgId} = ${inviteLinks.orgId} AND ${memberships.userId} = ${inviteLinks.createdBy} AND ${memberships.status} = 'active')`,
};

/**
 * A link of the caller's organization that the caller may see (404 otherwise, as for another
 * organization's).
 */
async function findLink(c: AppContext, id: string): Promise<{ link: LinkRow; creator: Creator }> {
  const [row] = await c.var.services.db
    .select({ link: inviteLinks, creator: creatorOf })
    .from(inviteLinks)
    .where(and(eq(inviteLinks.id, id), eq(inviteLinks.orgId, c.var.org.id)))
    .limit(1);
  if (!row) throw notFound('Link');
  return row;
}

const dto = (c: AppContext, link: LinkRow, creator: Creator) =>
  toLinkDto(
    c.var.services.tokens,
    c.var.services.config.publicUrl,
    link,
    creator,
    c.var.org.settings,
    c.var.services.now(),
  );

export const linkRoutes = orgRouter()
  .post('/', json(createLinkRequestSchema), async (c) => {
    const { db, now } = c.var.services;
    const t = now();
    const options = await linkOptions(
      db,
      actorOf(c),
      c.var.org.id,
      withDefaults(c.var.org.settings),
      c.req.valid('json'),
      t,
    );
    const link: LinkRow = {
      id: newId(),
      orgId: c.var.org.id,
      createdBy: c.var.auth.user.id,
      tokenNonce: newNonce(),
      useCount: 0,
      revokedAt: null,
      revokedBy: null,
      createdAt: t,
      ...options,
    };
    await db.batch([
      db.insert(inviteLinks).values(link),
      auditEvent(
        db,
        {
          orgId: link.orgId,
          actorId: link.createdBy,
          action: 'link.create',
          targetType: 'link',
          targetId: link.id,
          detail: { ...options },
        },
        t,
      ),
    ]);
    return c.json(await dto(c, link, { name: c.var.auth.user.name, role: c.var.org.role }), 201);
  })
  .get('/', query(listLinksQuerySchema), async (c) => {
    const { limit, cursor, mine, active } = c.req.valid('query');
    const { db, now } = c.var.services;
    const actor = actorOf(c);
    const page = newestFirst(inviteLinks.createdAt, inviteLinks.id, cursor);
    const rows = await db
      .select({ link: inviteLinks, creator: creatorOf })
      .from(inviteLinks)
      .where(
        and(
          eq(inviteLinks.orgId, c.var.org.id),
          mine === 'true' || !can.seeAllLinks(actor)
            ? eq(inviteLinks.createdBy, actor.userId)
            : undefined,
          active === 'true' ? usableAt(now()) : undefined,
          page.after,
        ),
      )
      .orderBy(...page.orderBy)
      .limit(limit + 1);
    const result = toPage(
      rows,
      limit,
      (r) => ({ t: r.link.createdAt, id: r.link.id }),
      (r) => r,
    );
    return c.json({
      items: await Promise.all(result.items.map((r) => dto(c, r.link, r.creator))),
      nextCursor: result.nextCursor,
    });
  })
  .post('/reset', async (c) => {
    const { db, now } = c.var.services;
    const me = c.var.auth.user.id;
    const t = now();
    const [revoked] = await db.batch([
      db
        .update(inviteLinks)
        .set({ revokedAt: t, revokedBy: me })
        .where(
          and(
            eq(inviteLinks.orgId, c.var.org.id),
            eq(inviteLinks.createdBy, me),
            isNull(inviteLinks.revokedAt),
          ),
        )
        .returning({ id: inviteLinks.id }),
      auditEvent(
        db,
        {
          orgId: c.var.org.id,
          actorId: me,
          action: 'link.reset',
          targetType: 'user',
          targetId: me,
        },
        t,
      ),
    ]);
    return c.json({ revoked: revoked.length });
  })
  .get('/:id', idParam, async (c) => {
    const { link, creator } = await findLink(c, c.req.valid('param').id);
    ensure(can.seeLink(actorOf(c), link));
    const { db } = c.var.services;
    const apps = await selectApplications(db)
      .where(eq(applications.linkId, link.id))
      .orderBy(desc(applications.createdAt))
      .limit(100);
    const joined = await db
      .select({
        m: memberships,
        name: memberNameSql(memberships.orgId, memberships.userId),
        email: users.email,
      })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.linkId, link.id), eq(memberships.orgId, link.orgId)))
      .orderBy(desc(memberships.createdAt))
      .limit(100);
    // The name this organization knows the person by, never what another organization or the
    // account set elsewhere.
    const members = joined.map(({ m, name, email }) => ({
      userId: m.userId,
      name: memberName(m, { name }),
      email,
      role: m.role,
      status: m.status,
      joinedAt: iso(m.createdAt),
      activatedAt: isoOrNull(m.activatedAt),
    }));
    return c.json({
      link: await dto(c, link, creator),
      applications: apps.map(toApplicationDto),
      members,
    } satisfies LinkDetailDto);
  })
  .get('/:id/qr.svg', idParam, async (c) => {
    const { link } = await findLink(c, c.req.valid('param').id);
    ensure(can.seeLink(actorOf(c), link));
    const svg = await qrToString(
      await linkUrl(c.var.services.tokens, c.var.services.config.publicUrl, link),
      { type: 'svg', margin: 2, errorCorrectionLevel: 'M' },
    );
    return c.body(svg, 200, {
      'Content-Type': 'image/svg+xml; charset=utf-8',
      'Cache-Control': 'no-store',
    });
  })
  .delete('/:id', idParam, json(revokeLinkRequestSchema), async (c) => {
    const { db, now } = c.var.services;
    const actor = actorOf(c);
    const { link, creator } = await findLink(c, c.req.valid('param').id);
    ensure(can.revokeLink(actor, link), 'Only administrators may revoke links made by others');
    const removeJoined = c.req.valid('json')?.removeJoined === true;
    if (removeJoined)
      ensure(
        can.manageMember(actor, { role: link.role }),
        'Only administrators may remove the people who joined through a link',
      );
    const t = now();
    const joined = removeJoined
      ? await db
          .select({ userId: memberships.userId })
          .from(memberships)
          .where(
            and(
              eq(memberships.orgId, link.orgId),
              eq(memberships.linkId, link.id),
              ne(memberships.role, 'owner'),
            ),
          )
      : [];
    const userIds = joined.map((j) => j.userId);
    const removal = removeJoined
      ? [
          db
            .delete(memberships)
            .where(
              and(
                eq(memberships.orgId, link.orgId),
                eq(memberships.linkId, link.id),
                ne(memberships.role, 'owner'),
              ),
            ),
          db
            .update(applications)
            .set({
              status: 'rejected',
              reviewerId: actor.userId,
              reviewedAt: t,
              reason: 'The invitation link was revoked',
            })
            .where(and(eq(applications.linkId, link.id), eq(applications.status, 'pending'))),
          ...(userIds.length
            ? [
                db
                  .delete(workspaceMembers)
                  .where(
                    and(
                      eq(workspaceMembers.orgId, link.orgId),
                      inArray(workspaceMembers.userId, userIds),
                    ),
                  ),
                db
                  .update(actionTokens)
                  .set({ usedAt: t })
                  .where(
                    and(
                      eq(actionTokens.orgId, link.orgId),
                      inArray(actionTokens.userId, userIds),
                      isNull(actionTokens.usedAt),
                    ),
                  ),
              ]
            : []),
        ]
      : [];
    const revokedAt = link.revokedAt ?? t;
    await db.batch([
      db
        .update(inviteLinks)
        .set({ revokedAt, revokedBy: actor.userId })
        .where(and(eq(inviteLinks.id, link.id), isNull(inviteLinks.revokedAt))),
      ...removal,
      auditEvent(
        db,
        {
          orgId: link.orgId,
          actorId: actor.userId,
          action: 'link.revoke',
          targetType: 'link',
          targetId: link.id,
          detail: { removeJoined, removedUserIds: userIds },
        },
        t,
      ),
    ]);
    const revoked = { ...link, revokedAt, revokedBy: link.revokedBy ?? actor.userId };
    return c.json({
      ...(await dto(c, revoked, creator)),
      removedMembers: userIds.length,
    } satisfies RevokeLinkResponse);
  });
