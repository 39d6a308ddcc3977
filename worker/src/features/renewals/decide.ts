/**
 * Acting on a renewal: send a new personal invitation to its address as the caller (the rules of
 * creating an invitation apply: features/invitations/create.ts), e-mail it a fresh general link
 * made by the caller (the rules of creating a link apply: features/links/links.ts `linkOptions`),
 * or dismiss it. Each reads the
 * renewal with the caller (one round trip) and writes one guarded batch: the renewal leaves
 * `pending` only once, so a second click, or two people at once, gets 409 `already_reviewed` and
 * changes nothing. Sending an invitation or a link also settles the address's other open renewals.
 */
import { and, eq, ne, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { InvitationDto } from '../../../../shared/api/invitations';
import type { LinkDto } from '../../../../shared/api/links';
import type { RenewalDto } from '../../../../shared/api/renewals';
import type { CallerRef } from '../../db/caller';
import type { Db } from '../../db/client';
import { isGuardFailure, unlessChanged } from '../../db/guarded';
import { inviteLinks, renewals } from '../../db/schema';
import type { OrgState, Services } from '../../env';
import { AppError } from '../../errors';
import { createInvitation, type CreateInvitationInput } from '../invitations/create';
import { invitationDto } from '../invitations/invitations';
import { auditActor, auditEvent } from '../organizations/audit';
import { queueMessage } from '../../mail/outbox';
import { linkOptions, newLinkRow } from '../links/links';
import { orgLinkDto, orgLinkStatement } from '../links/org-link';
import { withDefaults } from '../organizations/orgs';
import { can, type Actor } from '../organizations/permissions';
import { withinQuota } from '../organizations/quota';
import {
  type RenewalWithNames,
  renewalStatement,
  renewalsVisibleTo,
  selectRenewals,
  toRenewalDto,
} from './renewals';
import type { Role } from '../../../../shared/api/common';

const notFound = () => new AppError('not_found', 'No such request or notice in this organization');
const alreadyDecided = () =>
  new AppError('already_reviewed', 'Someone has already renewed or dismissed this');

/**
 * The renewal and what a new invitation's checks read (creation's `creationChecks` shape): its
 * department still the organization's, its address an active member's.
 */
export function renewalToDecide(db: Db, caller: CallerRef, id: string) {
  const checks = db.all<Checks>(
    sql`SELECT EXISTS (SELECT 1 FROM departments d WHERE d.id = r.department_id AND d.org_id = r.org_id) AS department,
      (SELECT l.requires_approval FROM invite_links l WHERE l.id = r.link_id) AS link_approval,
      '[]' AS workspaces,
      EXISTS (SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id
        WHERE m.org_id = r.org_id AND m.status = 'active'
          AND ((r.email IS NOT NULL AND u.email = r.email) OR (r.email IS NULL AND m.phone = r.phone))) AS member,
      (SELECT m.role FROM memberships m JOIN users u ON u.id = m.user_id
        WHERE m.org_id = r.org_id AND m.status = 'pending'
          AND ((r.email IS NOT NULL AND u.email = r.email) OR (r.email IS NULL AND m.phone = r.phone)) LIMIT 1) AS pending_role
      FROM renewals r WHERE r.id = ${id} AND r.org_id = ${caller.orgId}`,
  );
  return [renewalStatement(db, caller, id), checks] as const;
}

interface Checks {
  department: number;
  workspaces: string;
  member: number;
  pending_role: Role | null;
  /** Whether the link the renewal came from required approval (null: none, or gone). */
  link_approval: number | null;
}

type Found = [RenewalWithNames[], Checks[]];

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

/** How much a role grants, in SQL and here: owner 3, admin 2, member 1. */
const roleRank = sql`(CASE ${renewals.role} WHEN 'owner' THEN 3 WHEN 'admin' THEN 2 ELSE 1 END)`;
const RANK: Record<Role, number> = { owner: 3, admin: 2, member: 1 };

/**
 * The address's other open renewals that what settles `r` answers: only those the caller may see
 * (a member's own; everyone's for owners and admins), and only those asking for no more than `r`
 * grants — an owner's notice about an expired owner invitation is not settled by a member's link.
 */
const settleOthers = (
  db: Db,
  actor: Actor,
  orgId: string,
  r: RenewalWithNames['renewal'],
  set: Partial<typeof renewals.$inferInsert>,
) =>
  db
    .update(renewals)
    .set(set)
    .where(
      and(
        eq(renewals.orgId, orgId),
        eq(renewals.status, 'pending'),
        ne(renewals.id, r.id),
        r.email ? eq(renewals.email, r.email) : eq(renewals.phone, r.phone ?? ''),
        renewalsVisibleTo({ ...actor, orgId }),
        sql`${roleRank} <= ${RANK[r.role]}`,
      ),
    );

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
    // The person's language (the page they asked from, the expired invitation's).
    ...(r.locale ? { locale: r.locale } : {}),
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
      settleOthers(db, actor, org.id, r, {
        status: 'invited',
        decidedBy: actor.userId,
        decidedAt: t,
        newInvitationId: inv.id,
      }),
      auditEvent(
        db,
        {
          orgId: org.id,
          actorId: auditActor(actor),
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

/**
 * A fresh general link like the one that was spent (its role, department and approval; for an
 * expired invitation the invitation's role and department, without approval), for one use, valid
 * as long as a personal invitation (`inviteTtlHours`, within `linkMaxTtlHours`), made by the caller
 * within the link rules (`linkOptions`: members make member links only, with approval where the
 * organization asks it), and e-mailed to the renewal's address (`renewal_link`, in its language).
 */
export async function renewWithLink(
  s: Services,
  org: OrgState,
  actor: Actor,
  found: Found | null,
): Promise<{ renewal: RenewalDto; link: LinkDto }> {
  const { db } = s;
  const { renewal: r } = pendingOne(found);
  const checks = found![1][0];
  if (!r.email)
    throw new AppError('invalid_input', 'There is no e-mail address to send a link to', {
      email: 'is required to send a link',
    });
  const role = r.role;
  if (role === 'owner')
    throw new AppError('forbidden', 'A link never makes an owner: invite again instead');
  if (checks?.member === 1)
    throw new AppError('already_member', `${r.email} is already a member of this organization`, {
      email: 'is already a member',
    });
  const t = s.now();
  const settings = withDefaults(org.settings);
  const hours = Math.min(settings.inviteTtlHours, settings.linkMaxTtlHours ?? Infinity);
  const options = await linkOptions(
    db,
    actor,
    org.id,
    settings,
    {
      expiresInHours: hours,
      role,
      departmentId: r.departmentId,
      // Members' links take the organization's rule (linkOptions); an admin's follows the old link.
      ...(can.chooseLinkOptions(actor)
        ? { requiresApproval: r.linkId ? checks?.link_approval !== 0 : false }
        : {}),
      maxUses: 1,
    },
    t,
    checks?.department === 1,
  );
  const link = newLinkRow(org.id, actor, options, t);
  const decided = {
    status: 'invited',
    decidedBy: actor.userId,
    decidedAt: t,
    newLinkId: link.id,
  } as const;
  try {
    // A stranger typed the address of an asked renewal: what a member sends to it counts toward the
    // public budget (as joining's messages do), never the admins' — members cannot spend theirs.
    const byPublic = r.kind === 'asked' && !can.seeAllRenewals(actor);
    const written = await withinQuota(
      s,
      org,
      1,
      (quota) => {
        const [first, ...rest]: BatchItem<'sqlite'>[] = [
          ...mark(db, r.id, decided),
          db.insert(inviteLinks).values(link),
          settleOthers(db, actor, org.id, r, decided),
          queueMessage(
            db,
            {
              orgId: org.id,
              kind: 'renewal_link',
              channel: 'email',
              recipient: r.email!,
              refId: r.id,
              byPublic,
            },
            t,
          ),
          ...quota,
          auditEvent(
            db,
            {
              orgId: org.id,
              actorId: auditActor(actor),
              action: 'link.create',
              targetType: 'link',
              targetId: link.id,
              detail: { ...options },
            },
            t,
          ),
          auditEvent(
            db,
            {
              orgId: org.id,
              actorId: auditActor(actor),
              action: 'renewal.link',
              targetType: 'renewal',
              targetId: r.id,
              detail: { linkId: link.id, kind: r.kind },
            },
            t,
          ),
          selectRenewals(db).where(eq(renewals.id, r.id)),
          orgLinkStatement(s, org.id, link.id),
        ];
        return db.batch([first!, ...rest]);
      },
      { byPublic },
    );
    const [after] = written.at(-2) as RenewalWithNames[];
    const [made] = written.at(-1) as Awaited<ReturnType<typeof orgLinkStatement>>;
    return {
      renewal: toRenewalDto(after!),
      link: await orgLinkDto(s, org, link, made?.creator ?? { name: '', role: org.role }),
    };
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
          actorId: auditActor(actor),
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
