/**
 * The links the caller may see, newest first: everyone's for those who may see all links, else
 * their own; `mine` narrows to the caller's own, `active` to those usable now. One statement, read
 * with the caller's lookup (http/read-as-member.ts).
 */
import { and, eq } from 'drizzle-orm';
import type * as z from 'zod/mini';
import type { Page } from '../../../../shared/api/common';
import type { CallerRef } from '../../db/caller';
import type { LinkDto, listLinksQuerySchema } from '../../../../shared/api/links';
import type { Db } from '../../db/client';
import { newestFirst, toPage } from '../../db/pagination';
import { inviteLinks } from '../../db/schema';
import type { Services } from '../../env';
import { can } from '../organizations/permissions';
import { usableAt } from './links';
import { creatorOf, orgLinkDto, type LinkCaller } from './org-link';

type LinksQuery = z.output<typeof listLinksQuerySchema>;

/** The page's statement for a caller of `role` whose user id is `userId` (SQL until known). */
export function listLinksStatement(
  db: Db,
  caller: CallerRef,
  { limit, cursor, mine, active }: LinksQuery,
  now: number,
) {
  const page = newestFirst(inviteLinks.createdAt, inviteLinks.id, cursor);
  return db
    .select({ link: inviteLinks, creator: creatorOf })
    .from(inviteLinks)
    .where(
      and(
        eq(inviteLinks.orgId, caller.orgId),
        mine === 'true' || !can.seeAllLinks(caller)
          ? eq(inviteLinks.createdBy, caller.userId)
          : undefined,
        active === 'true' ? usableAt(now) : undefined,
        page.after,
      ),
    )
    .orderBy(...page.orderBy)
    .limit(limit + 1);
}

/** The page from what the statement read. */
export async function linksPage(
  s: Services,
  { org }: Pick<LinkCaller, 'org'>,
  rows: Awaited<ReturnType<typeof listLinksStatement>>,
  { limit }: LinksQuery,
): Promise<Page<LinkDto>> {
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
