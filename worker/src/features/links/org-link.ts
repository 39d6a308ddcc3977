/**
 * A link as its organization's people see it: found within the caller's organization (404 for
 * another's), with its creator as the organization knows them, and answered as a `LinkDto`.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Role } from '../../../../shared/api/common';
import type { LinkDto } from '../../../../shared/api/links';
import { inviteLinks, memberships } from '../../db/schema';
import type { OrgState, Services } from '../../env';

import type { Actor } from '../organizations/permissions';
import { toLinkDto, type LinkRow } from './links';
import { memberNameSql } from '../../db/member-names';
import { qualified } from '../../db/qualified';

/** Who asks: the caller's organization and the caller as the permission module sees them. */
export interface LinkCaller {
  org: OrgState;
  actor: Actor;
}

export type Creator = { name: string; role: Role | null };

/**
 * The link's creator as the organization knows them, and their role there now (null: no longer an
 * active member).
 */
export const creatorOf = {
  name: memberNameSql(inviteLinks.orgId, inviteLinks.createdBy),
  role: sql<Role | null>`(SELECT c.role FROM ${memberships} c WHERE c.org_id = ${qualified(inviteLinks.orgId)} AND c.user_id = ${qualified(inviteLinks.createdBy)} AND c.status = 'active')`,
};

/**
 * A link of the caller's organization, with its creator, in one statement (for a batch); none for
 * another organization's, which the use case answers 404 as for a missing one, and whether the
 * caller may see it is the use case's to ask.
 */
export const orgLinkStatement = (s: Services, orgId: string, id: string) =>
  s.db
    .select({ link: inviteLinks, creator: creatorOf })
    .from(inviteLinks)
    .where(and(eq(inviteLinks.id, id), eq(inviteLinks.orgId, orgId)))
    .limit(1);

/** The link as the caller's organization sees it now. */
export const orgLinkDto = (
  s: Services,
  org: OrgState,
  link: LinkRow,
  creator: Creator,
): Promise<LinkDto> =>
  toLinkDto(s.tokens, s.config.publicUrl, link, creator, org.settings, s.now());
