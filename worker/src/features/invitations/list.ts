/**
 * The organization's personal invitations the caller may see (features/invitations/invitations.ts
 * `invitationVisibleTo`), newest first, by status and typed text (db/search-index.ts). Without a
 * `q` filter the page is one statement, sent with the caller's lookup (http/read-as-member.ts).
 */
import type { SQL } from 'drizzle-orm';
import type * as z from 'zod/mini';
import type { Page } from '../../../../shared/api/common';
import type { CallerRef } from '../../db/caller';
import type { InvitationDto, listInvitationsQuerySchema } from '../../../../shared/api/invitations';
import type { Db } from '../../db/client';
import { toPage } from '../../db/pagination';
import { invitations } from '../../db/schema';
import type { Services } from '../../env';
import { listPage, listStatement, type ListSpec } from '../../db/search-index';
import {
  deliveryFilter,
  invitationDto,
  invitationVisibleTo,
  selectInvitations,
  statusFilter,
} from './invitations';

type InvitationsQuery = z.output<typeof listInvitationsQuerySchema>;

function invitationsList(db: Db, caller: CallerRef, query: InvitationsQuery, now: number) {
  const { status, delivery, q, cursor, limit } = query;
  const spec: ListSpec = {
    org: invitations.orgId,
    createdAt: invitations.createdAt,
    id: invitations.id,
    orgId: caller.orgId,
    cursor,
    limit,
    filters: [
      statusFilter(status, now),
      deliveryFilter(delivery, caller.orgId),
      invitationVisibleTo(caller),
    ],
    search: q ? { kind: 'invitation', q } : undefined,
  };
  const read = (where: SQL | undefined, orderBy: SQL[]) =>
    selectInvitations(db)
      .where(where)
      .orderBy(...orderBy)
      .limit(limit + 1);
  return { spec, read };
}

/** The page in one statement, sent with the caller's lookup; null with a `q` filter. */
export function invitationsStatement(
  db: Db,
  caller: CallerRef,
  query: InvitationsQuery,
  now: number,
) {
  const { spec, read } = invitationsList(db, caller, query, now);
  return listStatement(spec, read);
}

/**
 * The page: from what `invitationsStatement` read, or (with a `q` filter, `rows` null) read now
 * for the admitted caller.
 */
export async function listInvitations(
  s: Services,
  caller: CallerRef & { userId: string },
  query: InvitationsQuery,
  rows: Awaited<ReturnType<typeof invitationsStatement>>,
  now: number,
): Promise<Page<InvitationDto>> {
  const { spec, read } = invitationsList(s.db, caller, query, now);
  const page = rows ?? (await listPage(s.db, spec, read));
  const result = toPage(
    page,
    query.limit,
    (r) => ({ t: r.inv.createdAt, id: r.inv.id }),
    (r) => invitationDto(r, now),
  );
  return result;
}
