/**
 * Editing a member's profile, role, department or phone. Admins edit anyone but owners; only an
 * owner promotes to owner, and the last owner stays (owners.ts). The account's own phone follows
 * only under `identityEditable` (members.ts).
 */
import { and, eq } from 'drizzle-orm';
import type * as z from 'zod/mini';
import type { patchMemberRequestSchema } from '../../../../shared/api/members';
import { isUniqueViolation } from '../../db/client';
import { memberships, users } from '../../db/schema';
import type { OrgState, Services } from '../../env';
import { AppError } from '../../errors';
import { auditActor, auditEvent } from '../organizations/audit';
import { checkDepartment } from '../organizations/reference-checks';
import { can, ensure, type Actor } from '../organizations/permissions';
import { searchTextOf } from '../../db/search-index';
import {
  findMember,
  identityEditable,
  phoneField,
  type MemberRow,
  type MembershipRow,
  type UserRow,
} from './members';
import { keepAnOwner, keepingAnOwner, losesOwner, ownerRemains } from './owners';

export type PatchMemberInput = z.output<typeof patchMemberRequestSchema>;

export async function updateMember(
  s: Services,
  input: { org: OrgState; actor: Actor; userId: string; patch: PatchMemberInput },
  found?: MemberRow[],
): Promise<MemberRow> {
  const { org, actor, userId, patch } = input;
  const { db } = s;
  const current = await findMember(db, org.id, userId, found);
  ensure(can.manageMember(actor, current.m), 'Only an owner can change an owner');
  if (patch.role)
    ensure(
      can.manageMember(actor, { role: patch.role }),
      'Only an owner can make someone an owner',
    );
  await keepAnOwner(db, org.id, current.m, patch.role !== undefined && patch.role !== 'owner');
  await checkDepartment(db, org.id, patch.departmentId);
  let phone = current.m.phone;
  if (patch.phone !== undefined) phone = patch.phone === null ? null : phoneField(patch.phone);
  if (phone === null && current.u.email === null)
    throw new AppError('invalid_input', 'Keep an e-mail address or a phone number', {
      phone: 'is the only contact',
    });
  const t = s.now();
  const m: MembershipRow = { ...current.m, ...definedOnly(patch), phone, updatedAt: t };
  m.searchText = searchTextOf({ names: [m.firstName, m.lastName], email: current.u.email, phone });
  const u: UserRow = current.u;
  const { orgId: _o, userId: _u, createdAt: _c, ...changes } = m;
  const demoting = patch.role !== undefined && patch.role !== 'owner';
  try {
    await keepingAnOwner(db, org.id, current.m, demoting, () =>
      db.batch([
        db
          .update(memberships)
          .set(changes)
          .where(and(eq(memberships.orgId, org.id), eq(memberships.userId, userId))),
        ...(losesOwner(current.m, demoting) ? [ownerRemains(db, org.id)] : []),
        // The account's own phone follows only while the account is this organization's alone and
        // unused. For a person without an e-mail address the phone says who they are: the database
        // refuses one that another such member here has (migration 0003_phone_only_member_unique).
        ...(phone !== current.m.phone
          ? [
              db
                .update(users)
                .set({ phone })
                .where(and(eq(users.id, userId), identityEditable(userId, org.id))),
            ]
          : []),
        auditEvent(
          db,
          {
            orgId: org.id,
            actorId: auditActor(actor),
            action: 'member.update',
            targetType: 'user',
            targetId: userId,
            detail: patch,
          },
          t,
        ),
      ]),
    );
  } catch (err) {
    if (phone !== current.m.phone && isUniqueViolation(err)) {
      throw new AppError(
        'already_member',
        `${phone} belongs to another member of this organization`,
        { phone: 'belongs to another member of this organization' },
      );
    }
    throw err;
  }
  return { m, u };
}

function definedOnly(patch: PatchMemberInput): Partial<MembershipRow> {
  const { phone: _phone, ...rest } = patch;
  return Object.fromEntries(
    Object.entries(rest).filter(([, v]) => v !== undefined),
  ) as Partial<MembershipRow>;
}
