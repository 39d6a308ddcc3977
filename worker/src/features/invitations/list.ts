/**
 * The organization's personal invitations the caller may see (features/invitations/invitations.ts
 * `invitationVisibleTo`), newest first, by status and typed text (db/search-index.ts).
 */
import type * as z from 'zod/mini';
import type { Page } from '../../../../shared/api/common';
import type { InvitationDto, listInvitationsQuerySchema } from '../../../../shared/api/invitations';
import { toPage } from '../../db/pagination';
import { invitations } from '../../db/schema';
import type { OrgState, Services } from '../../env';
import type { Actor } from '../organizations/permissions';
import { listPage } from '../../db/search-index';
import { invitationVisibleTo, statusFilter, toInvitationDtos } from './invitations';

export interface ListInvitationsInput {
  org: OrgState;
  actor: Actor;
  query: z.output<typeof listInvitationsQuerySchema>;
}

export async function listInvitations(
  s: Services,
  { org, actor, query }: ListInvitationsInput,
): Promise<Page<InvitationDto>> {
  const { db, now } = s;
  const { status, q, cursor, limit } = query;
  const rows = await listPage(
    db,
    {
      org: invitations.orgId,
      createdAt: invitations.createdAt,
      id: invitations.id,
      orgId: org.id,
      cursor,
      limit,
      filters: [statusFilter(status, now()), invitationVisibleTo(actor)],
      search: q ? { kind: 'invitation', q } : undefined,
    },
    (where, orderBy) =>
      db
        .select()
        .from(invitations)
        .where(where)
        .orderBy(...orderBy)
        .limit(limit + 1),
  );
  const result = toPage(
    rows,
    limit,
    (r) => ({ t: r.createdAt, id: r.id }),
    (r) => r,
  );
  return {
    items: await toInvitationDtos(db, result.items, now()),
    nextCursor: result.nextCursor,
  };
}
