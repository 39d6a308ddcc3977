/**
 * Quick query (`GET /api/orgs/:org/search?q=`): applications, personal invitations and members
 * whose name, e-mail or phone match, each with its status, newest first. One FTS5 lookup
 * (db/search-index.ts) finds the candidates in the organization — it stops after `limit` rows in
 * index order, so it costs the same at 100 000 people as at 100 — and each is joined by primary key
 * to its row, in the same statement. Members are looked up with their organization (the
 * membership's key); invitations and applications by id, the organization checked with a unary `+`,
 * which keeps SQLite (no statistics) from walking an organization index instead. Owners and admins see everyone; other members see the invitations visible to
 * them (docs/DESIGN.md §2) and the applications from their own links.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { SearchItemDto } from '../../../../shared/api/search';
import { iso } from '../../db/pagination';
import { applications, invitations, memberships, users } from '../../db/schema';
import type { Services } from '../../env';
import {
  effectiveStatus,
  invitationVisibleTo,
  type InvitationRow,
} from '../invitations/invitations';
import type { Profile } from '../../../../shared/api/members';
import type { CallerRef } from '../../db/caller';

import { can } from '../organizations/permissions';
import { ftsMatch, type SearchKind } from '../../db/search-index';
import { memberName } from '../../db/member-names';

function visibleTo(actor: Pick<CallerRef, 'userId' | 'role'>): SQL {
  if (can.seeMembers(actor)) return sql``;
  const invitation = invitationVisibleTo(actor) ?? sql`1`;
  return sql` AND ((d.kind = 'invitation' AND EXISTS (SELECT 1 FROM invitations WHERE invitations.id = d.ref AND ${invitation}))
    OR (d.kind = 'application' AND EXISTS (SELECT 1 FROM applications a WHERE a.id = d.ref AND a.inviter_id = ${actor.userId})))`;
}

type HitRow = {
  kind: SearchKind;
  ref: string;
  m_first: string | null;
  m_last: string | null;
  m_phone: string | null;
  m_status: SearchItemDto['status'] | null;
  m_state: string | null;
  m_created: number | null;
  u_id: string | null;
  u_name: string | null;
  u_email: string | null;
  i_id: string | null;
  i_profile: string | null;
  i_email: string | null;
  i_phone: string | null;
  i_status: InvitationRow['status'] | null;
  i_expires: number | null;
  i_created: number | null;
  a_id: string | null;
  a_name: string | null;
  a_email: string | null;
  a_status: SearchItemDto['status'] | null;
  a_created: number | null;
};

/**
 * The quick query in one statement, sent with the caller's lookup (http/read-as-member.ts): the
 * hits, newest first, each joined by primary key to the row it names in its own table (null when
 * the text matches nothing searchable).
 */
export function quickSearchStatement(
  s: Services,
  caller: Pick<CallerRef, 'orgId' | 'userId' | 'role'>,
  q: string,
  limit: number,
) {
  const match = ftsMatch(q);
  if (!match) return null;
  const { orgId } = caller;
  return s.db.all<HitRow>(sql`
    SELECT h.kind AS kind, h.ref AS ref,
      m.first_name AS m_first, m.last_name AS m_last, m.phone AS m_phone, m.status AS m_status,
      m.invitation_state AS m_state, m.created_at AS m_created, u.id AS u_id, u.name AS u_name, u.email AS u_email,
      i.id AS i_id, i.profile AS i_profile, i.email AS i_email, i.phone AS i_phone, i.status AS i_status,
      i.expires_at AS i_expires, i.created_at AS i_created,
      a.id AS a_id, a.name AS a_name, a.email AS a_email, a.status AS a_status, a.created_at AS a_created
    FROM (SELECT d.kind AS kind, d.ref AS ref, f.rowid AS hit FROM search_fts f JOIN search_docs d ON d.id = f.rowid
      WHERE search_fts MATCH ${match} AND d.org_id = ${orgId}${visibleTo(caller)}
      ORDER BY f.rowid DESC LIMIT ${limit}) h
    LEFT JOIN ${memberships} m ON h.kind = 'member' AND m.org_id = ${orgId} AND m.user_id = h.ref
    LEFT JOIN ${users} u ON h.kind = 'member' AND u.id = m.user_id
    LEFT JOIN ${invitations} i ON h.kind = 'invitation' AND i.id = h.ref AND +i.org_id = ${orgId}
    LEFT JOIN ${applications} a ON h.kind = 'application' AND a.id = h.ref AND +a.org_id = ${orgId}
    ORDER BY h.hit DESC`);
}

/** The items from what `quickSearchStatement` read. */
export function quickSearchItems(rows: HitRow[], now: number): SearchItemDto[] {
  return rows.flatMap((r): SearchItemDto[] => {
    if (r.kind === 'member' && r.u_id !== null)
      return [
        {
          kind: 'member',
          id: r.u_id,
          name: memberName({ firstName: r.m_first, lastName: r.m_last }, { name: r.u_name ?? '' }),
          email: r.u_email,
          phone: r.m_phone,
          status: r.m_status!,
          invitationState: r.m_state as Extract<
            SearchItemDto,
            { kind: 'member' }
          >['invitationState'],
          createdAt: iso(r.m_created!),
        },
      ];
    if (r.kind === 'invitation' && r.i_id !== null) {
      const profile = r.i_profile ? (JSON.parse(r.i_profile) as Profile | null) : null;
      return [
        {
          kind: 'invitation',
          id: r.i_id,
          name:
            [profile?.firstName, profile?.lastName].filter(Boolean).join(' ') ||
            r.i_email ||
            r.i_phone ||
            '',
          email: r.i_email,
          phone: r.i_phone,
          status: effectiveStatus({ status: r.i_status!, expiresAt: r.i_expires! }, now),
          createdAt: iso(r.i_created!),
        },
      ];
    }
    if (r.kind === 'application' && r.a_id !== null)
      return [
        {
          kind: 'application',
          id: r.a_id,
          name: r.a_name ?? '',
          email: r.a_email,
          status: r.a_status!,
          createdAt: iso(r.a_created!),
        },
      ];
    return [];
  });
}
