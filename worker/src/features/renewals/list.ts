/**
 * The renewals a member may see, newest first: owners and admins all of the organization's; everyone
 * else those of their own invitations and links. Filtered by status and kind; one statement.
 */
import { and, eq } from 'drizzle-orm';
import type * as z from 'zod/mini';
import type { Page } from '../../../../shared/api/common';
import type { listRenewalsQuerySchema, RenewalDto } from '../../../../shared/api/renewals';
import type { CallerRef } from '../../db/caller';
import type { Db } from '../../db/client';
import { newestFirst, toPage } from '../../db/pagination';
import { renewals } from '../../db/schema';
import { type RenewalWithNames, renewalsVisibleTo, selectRenewals, toRenewalDto } from './renewals';

export type RenewalsQuery = z.output<typeof listRenewalsQuerySchema>;

export function renewalsStatement(db: Db, caller: CallerRef, q: RenewalsQuery) {
  const { after, orderBy } = newestFirst(renewals.createdAt, renewals.id, q.cursor);
  return selectRenewals(db)
    .where(
      and(
        eq(renewals.orgId, caller.orgId),
        renewalsVisibleTo(caller),
        q.status ? eq(renewals.status, q.status) : undefined,
        q.kind ? eq(renewals.kind, q.kind) : undefined,
        after,
      ),
    )
    .orderBy(...orderBy)
    .limit(q.limit + 1);
}

export const renewalsPage = (rows: RenewalWithNames[], q: RenewalsQuery): Page<RenewalDto> =>
  toPage(rows, q.limit, (r) => ({ t: r.renewal.createdAt, id: r.renewal.id }), toRenewalDto);
