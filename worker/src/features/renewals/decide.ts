/**
 * Acting on a renewal: send a new personal invitation to its address as the caller (the rules of
 * creating an invitation apply: features/invitations/create.ts), or dismiss it. Each reads the
 * renewal with the caller (one round trip) and writes one guarded batch: the renewal leaves
 * `pending` only once, so a second click, or two people at once, gets 409 `already_reviewed` and
 * changes nothing. Sending an invitation also settles the address's other open renewals.
 */
import { and, eq, ne, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { InvitationDto } from '../../../../shared/api/invitations';
import type { RenewalDto } from '../../../../shared/api/renewals';
import type { CallerRef } from '../../db/caller';
import type { Db } from '../../db/client';
import { isGuardFailure, unlessChanged } from '../../db/guarded';
import { renewals } from '../../db/schema';
import type { OrgState, Services } from '../../env';
import { AppError } from '../../errors';
import { createInvitation, type CreateInvitationInput } from '../invitations/create';
import { invitationDto } from '../invitations/invitations';
import { auditEvent } from '../organizations/audit';
import type { Actor } from '../organizations/permissions';
import { type RenewalWithNames, renewalStatement, selectRenewals, toRenewalDto } from './renewals';

const notFound = () => new AppError('not_found', 'No such request or notice in this organization');
const alreadyDecided = () =>
  new AppError('already_reviewed', 'Someone has already renewed or dismissed this');

/**
 * The renewal and what a new invitation's checks read (creation's `creationChecks` shape): its
 * department still the organization's, its address an active member's.
 */
export function renewalToDecide(db: Db, caller: CallerRef, id: string) {
  const checks = db.all<{ department: number; workspaces: string; member: number }>(
    sql`SELECT EXISTS (SELECT 1 FROM departments d WHERE d.id = r.department_id AND d.org_id = r.org_id) AS department,
      '[]' AS workspaces,
      EXISTS (SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id
        WHERE m.org_id = r.org_id AND m.status = 'active'
          AND ((r.email IS NOT NULL AND u.email = r.email) OR (r.email IS NULL AND m.phone = r.phone))) AS member
      FROM renewals r WHERE r.id = ${id} AND r.org_id = ${caller.orgId}`,
  );
  return [renewalStatement(db, caller, id), checks] as const;
}

type Found = [RenewalWithNames[], { department: number; workspaces: string; member: number }[]];

function pendingOne(found: Found | null): RenewalWithNames {
  const row = found?.[0][0];
  if (!row) throw notFound();
  if (row.renewal.status !== 'pending') throw alreadyDecided();
  return row;
}

/** The guarded mark: only a pending renewal leaves `pending`; the batch fails otherwise. */
const mark = (
  db: Db,
  id: string,
  set: Partial<typeof renewals.$inferInsert>,
): BatchItem<'sqlite'>[] => [
  db
    .update(renewals)
    .set(set)
    .where(and(eq(renewals.id, id), eq(renewals.status, 'pending'))),
  unlessChanged(db),
];

export async function renewWithInvitation(
  s: Services,
  org: OrgState,
  actor: Actor,
  found: Found | null,
): Promise<{ renewal: RenewalDto; invitation: InvitationDto }> {
  const { db } = s;
  const { renewal: r } = pendingOne(found);
  const t = s.now();
  const body: CreateInvitationInput = {
    ...(r.email ? { email: r.email } : { phone: r.phone ?? '' }),
    channel: r.email ? 'email' : 'sms',
    role: r.role,
    ...(r.departmentId ? { departmentId: r.departmentId } : {}),
  };
  try {
    const { item, alsoAnswers } = await createInvitation(s, org, actor, body, found![1], (inv) => [
      ...mark(db, r.id, {
        status: 'invited',
        decidedBy: actor.userId,
        decidedAt: t,
        newInvitationId: inv.id,
      }),
      // The address's other open renewals are settled by the same invitation.
      db
        .update(renewals)
        .set({ status: 'invited', decidedBy: actor.userId, decidedAt: t, newInvitationId: inv.id })
        .where(
          and(
            eq(renewals.orgId, org.id),
            eq(renewals.status, 'pending'),
            ne(renewals.id, r.id),
            r.email ? eq(renewals.email, r.email) : eq(renewals.phone, r.phone ?? ''),
          ),
        ),
      auditEvent(
        db,
        {
          orgId: org.id,
          actorId: actor.userId,
          action: 'renewal.invite',
          targetType: 'renewal',
          targetId: r.id,
          detail: { invitationId: inv.id, kind: r.kind },
        },
        t,
      ),
      selectRenewals(db).where(eq(renewals.id, r.id)),
    ]);
    const [after] = (alsoAnswers?.at(-1) ?? []) as RenewalWithNames[];
    return { renewal: toRenewalDto(after!), invitation: invitationDto(item, t) };
  } catch (err) {
    if (isGuardFailure(err)) throw alreadyDecided();
    throw err;
  }
}

export async function dismissRenewal(
  s: Services,
  org: OrgState,
  actor: Actor,
  found: Found | null,
): Promise<RenewalDto> {
  const { db } = s;
  const { renewal: r } = pendingOne(found);
  const t = s.now();
  try {
    const [first, ...rest]: BatchItem<'sqlite'>[] = [
      ...mark(db, r.id, { status: 'dismissed', decidedBy: actor.userId, decidedAt: t }),
      auditEvent(
        db,
        {
          orgId: org.id,
          actorId: actor.userId,
          action: 'renewal.dismiss',
          targetType: 'renewal',
          targetId: r.id,
          detail: { kind: r.kind },
        },
        t,
      ),
      selectRenewals(db).where(eq(renewals.id, r.id)),
    ];
    const written = await db.batch([first!, ...rest]);
    const [after] = written.at(-1) as RenewalWithNames[];
    return toRenewalDto(after!);
  } catch (err) {
    if (isGuardFailure(err)) throw alreadyDecided();
    throw err;
  }
}
