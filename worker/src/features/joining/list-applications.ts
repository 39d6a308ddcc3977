/**
 * The applications a member may see, newest first: owners and admins all of them; everyone else,
 * read-only, those that came through their own links. Filtered by status, link and typed text.
 */
import { eq } from 'drizzle-orm';
import type * as z from 'zod/mini';
import type {
  ApplicationDto,
  listApplicationsQuerySchema,
} from '../../../../shared/api/applications';
import type { Page } from '../../../../shared/api/common';
import { toPage } from '../../db/pagination';
import { applications } from '../../db/schema';
import type { Services } from '../../env';
import { can, type Actor } from '../organizations/permissions';
import { listPage } from '../../db/search-index';
import { selectApplications, toApplicationDto } from './applications';

export interface ListApplicationsInput {
  orgId: string;
  actor: Actor;
  query: z.output<typeof listApplicationsQuerySchema>;
}

export async function listApplications(
  s: Services,
  { orgId, actor, query }: ListApplicationsInput,
): Promise<Page<ApplicationDto>> {
  const { limit, cursor, status, q, linkId } = query;
  const { db } = s;
  const rows = await listPage(
    db,
    {
      org: applications.orgId,
      createdAt: applications.createdAt,
      id: applications.id,
      orgId,
      cursor,
      limit,
      filters: [
        can.reviewApplications(actor) ? undefined : eq(applications.inviterId, actor.userId),
        status ? eq(applications.status, status) : undefined,
        linkId ? eq(applications.linkId, linkId) : undefined,
      ],
      search: q ? { kind: 'application', q } : undefined,
    },
    (where, orderBy) =>
      selectApplications(db)
        .where(where)
        .orderBy(...orderBy)
        .limit(limit + 1),
  );
  return toPage(rows, limit, (r) => ({ t: r.app.createdAt, id: r.app.id }), toApplicationDto);
}
