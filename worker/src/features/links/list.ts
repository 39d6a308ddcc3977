/**
 * The links the caller may see, newest first: everyone's for those who may see all links, else
 * their own; `mine` narrows to the caller's own, `active` to those usable now.
 */
import { and, eq } from 'drizzle-orm';
import type * as z from 'zod/mini';
import type { Page } from '../../../../shared/api/common';
import type { LinkDto, listLinksQuerySchema } from '../../../../shared/api/links';
import { newestFirst, toPage } from '../../db/pagination';
import { inviteLinks } from '../../db/schema';
import type { Services } from '../../env';
import { can } from '../organizations/permissions';
import { usableAt } from './links';
import { creatorOf, orgLinkDto, type LinkCaller } from './org-link';

export interface ListLinksInput extends LinkCaller {
  query: z.output<typeof listLinksQuerySchema>;
}

export async function listLinks(
  s: Services,
  { org, actor, query }: ListLinksInput,
): Promise<Page<LinkDto>> {
  const { limit, cursor, mine, active } = query;
  const page = newestFirst(inviteLinks.createdAt, inviteLinks.id, cursor);
  const rows = await s.db
    .select({ link: inviteLinks, creator: creatorOf })
    .from(inviteLinks)
    .where(
      and(
        eq(inviteLinks.orgId, org.id),
        mine === 'true' || !can.seeAllLinks(actor)
          ? eq(inviteLinks.createdBy, actor.userId)
          : undefined,
        active === 'true' ? usableAt(s.now()) : undefined,
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
  return {
    items: await Promise.all(result.items.map((r) => orgLinkDto(s, org, r.link, r.creator))),
    nextCursor: result.nextCursor,
  };
}
