/**
 * Renewals as the organization's people read them: the row with its owner's and decider's names as
 * the organization knows them, in one statement; who sees which (`can.seeRenewal`).
 */
import { and, eq, type SQL } from 'drizzle-orm';
import type { RenewalDto } from '../../../../shared/api/renewals';
import type { CallerRef } from '../../db/caller';
import type { Db } from '../../db/client';
import { memberNameSql } from '../../db/member-names';
import { iso, isoOrNull } from '../../db/pagination';
import { renewals } from '../../db/schema';
import { can } from '../organizations/permissions';

export type RenewalRow = typeof renewals.$inferSelect;

export interface RenewalWithNames {
  renewal: RenewalRow;
  ownerName: string | null;
  deciderName: string | null;
}

export const selectRenewals = (db: Db) =>
  db
    .select({
      renewal: renewals,
      ownerName: memberNameSql(renewals.orgId, renewals.ownerId),
      deciderName: memberNameSql(renewals.orgId, renewals.decidedBy),
    })
    .from(renewals);

/** SQL: the renewals the caller may see (admins all of the organization's). */
export function renewalsVisibleTo(caller: CallerRef): SQL | undefined {
  return can.seeAllRenewals(caller) ? undefined : eq(renewals.ownerId, caller.userId);
}

/** One renewal of the caller's organization that the caller may see, in one statement. */
export const renewalStatement = (db: Db, caller: CallerRef, id: string) =>
  selectRenewals(db)
    .where(and(eq(renewals.orgId, caller.orgId), eq(renewals.id, id), renewalsVisibleTo(caller)))
    .limit(1);

export function toRenewalDto({ renewal: r, ownerName, deciderName }: RenewalWithNames): RenewalDto {
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    email: r.email,
    phone: r.phone,
    role: r.role,
    departmentId: r.departmentId,
    status: r.status,
    owner: { id: r.ownerId, name: ownerName ?? '' },
    invitationId: r.invitationId,
    linkId: r.linkId,
    locale: r.locale,
    createdAt: iso(r.createdAt),
    decidedBy: r.decidedBy ? { id: r.decidedBy, name: deciderName ?? '' } : null,
    decidedAt: isoOrNull(r.decidedAt),
    newInvitationId: r.newInvitationId,
    newLinkId: r.newLinkId,
  };
}
