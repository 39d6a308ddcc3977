/**
 * The applications a member may see, newest first: owners and admins all of them; everyone else,
 * read-only, those that came through their own links. Filtered by status, link and typed text.
 */
import { eq, type SQL } from 'drizzle-orm';
import type * as z from 'zod/mini';
import type {
  ApplicationDto,
  listApplicationsQuerySchema,
} from '../../../../shared/api/applications';
import type { Page } from '../../../../shared/api/common';
import type { CallerRef } from '../../db/caller';
import { toPage } from '../../db/pagination';
import { applications } from '../../db/schema';
import type { Services } from '../../env';
import { can } from '../organizations/permissions';
import { listPage, listStatement, type ListSpec } from '../../db/search-index';
import type { Db } from '../../db/client';
import { selectApplications, toApplicationDto } from './applications';

type ApplicationsQuery = z.output<typeof listApplicationsQuerySchema>;

function applicationsList(db: Db, caller: CallerRef, query: ApplicationsQuery) {
  const { limit, cursor, status, q, linkId } = query;
  const spec: ListSpec = {
    org: applications.orgId,
    createdAt: applications.createdAt,
    id: applications.id,
    orgId: caller.orgId,
    cursor,
    limit,
    filters: [
      can.reviewApplications(caller) ? undefined : eq(applications.inviterId, caller.userId),
      status ? eq(applications.status, status) : undefined,
      linkId ? eq(applications.linkId, linkId) : undefined,
    ],
    search: q ? { kind: 'application', q } : undefined,
  };
  const read = (where: SQL | undefined, orderBy: SQL[]) =>
    selectApplications(db)
      .where(where)
      .orderBy(...orderBy)
      .limit(limit + 1);
  return { spec, read };
}

/** The page in one statement, sent with the caller's lookup; null with a `q` filter. */
export function applicationsStatement(db: Db, caller: CallerRef, query: ApplicationsQuery) {
  const { spec, read } = applicationsList(db, caller, query);
  return listStatement(spec, read);
}

/**
 * The page: from what `applicationsStatement` read, or (with a `q` filter, `rows` null) read now
 * for the admitted caller.
 */
export async function listApplications(
  s: Services,
  caller: CallerRef & { userId: string },
  query: ApplicationsQuery,
  rows: Awaited<ReturnType<typeof applicationsStatement>>,
): Promise<Page<ApplicationDto>> {
  const { spec, read } = applicationsList(s.db, caller, query);
  const page = rows ?? (await listPage(s.db, spec, read));
  return toPage(page, query.limit, (r) => ({ t: r.app.createdAt, id: r.app.id }), toApplicationDto);
}
