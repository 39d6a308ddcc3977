/**
 * `GET /members/export`: the people of an organization as CSV, in the columns the import reads (so
 * an export can be edited and imported again) plus status, invitation state, registration and last
 * activity. Streamed a page at a time in keyset order, so a large organization never sits in
 * memory. Every cell goes through `csvLine`, which neutralizes formula injection (`=cmd()` arrives
 * as text in the spreadsheet).
 */
import { and, asc, eq, gt, or } from 'drizzle-orm';
import { isoOrNull } from '../../db/pagination';
import { departments, memberships, users } from '../../db/schema';
import type { Services } from '../../env';
import { csvLine } from './csv';

const HEADER = [
  'firstName',
  'lastName',
  'gender',
  'birthday',
  'email',
  'phone',
  'position',
  'role',
  'department',
  'status',
  'invitationState',
  'invitationError',
  'registeredAt',
  'lastActiveAt',
];
const PAGE = 1000;

export function exportMembers(s: Services, input: { orgId: string }): ReadableStream<Uint8Array> {
  const { db } = s;
  const { orgId } = input;
  const encoder = new TextEncoder();
  let after: { t: number; id: string } | null = null;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(`\uFEFF${csvLine(HEADER)}`));
      }
      const rows = await db
        .select({ m: memberships, u: users, department: departments.name })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .leftJoin(departments, eq(departments.id, memberships.departmentId))
        .where(
          and(
            eq(memberships.orgId, orgId),
            after
              ? or(
                  gt(memberships.createdAt, after.t),
                  and(eq(memberships.createdAt, after.t), gt(memberships.userId, after.id)),
                )
              : undefined,
          ),
        )
        .orderBy(asc(memberships.createdAt), asc(memberships.userId))
        .limit(PAGE);
      const text = rows
        .map(({ m, u, department }) =>
          csvLine([
            m.firstName,
            m.lastName,
            m.gender,
            m.birthday,
            u.email,
            m.phone,
            m.position,
            m.role,
            department,
            m.status,
            m.invitationState,
            m.invitationError,
            isoOrNull(m.activatedAt),
            isoOrNull(m.lastActiveAt),
          ]),
        )
        .join('');
      if (text) controller.enqueue(encoder.encode(text));
      const last = rows[rows.length - 1];
      if (!last || rows.length < PAGE) controller.close();
      else after = { t: last.m.createdAt, id: last.m.userId };
    },
  });
}
