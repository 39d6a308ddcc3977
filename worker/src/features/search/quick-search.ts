/**
 * Quick query (`GET /api/orgs/:org/search?q=`): applications, personal invitations and members
 * whose name, e-mail or phone match, each with its status, newest first. One FTS5 lookup
 * (db/search-index.ts) finds the candidates in the organization — it stops after `limit` rows in
 * index order, so it costs the same at 100 000 people as at 100 — then three primary-key lookups
 * fill in the rows. Owners and admins see everyone; other members see the invitations visible to
 * them (docs/DESIGN.md §2) and the applications from their own links.
 */
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { SearchItemDto } from '../../../../shared/api/search';
import { iso } from '../../db/pagination';
import { applications, invitations, memberships, users } from '../../db/schema';
import type { Services } from '../../env';
import { effectiveStatus, invitationVisibleTo } from '../invitations/invitations';

import { can, type Actor } from '../organizations/permissions';
import { ftsMatch, type SearchKind } from '../../db/search-index';
import { memberName } from '../../db/member-names';

/**
 * The organization check on a lookup by primary keys. The unary `+` keeps SQLite (which has no
 * statistics) from answering `org_id = ? AND id IN (…)` through an organization index, which reads
 * every row of the organization.
 */
const sameOrg = (column: SQLiteColumn, orgId: string): SQL => sql`+${column} = ${orgId}`;

function visibleTo(actor: Actor): SQL {
  if (can.seeMembers(actor)) return sql``;
  const invitation = invitationVisibleTo(actor) ?? sql`1`;
  return sql` AND ((d.kind = 'invitation' AND EXISTS (SELECT 1 FROM invitations WHERE invitations.id = d.ref AND ${invitation}))
    OR (d.kind = 'application' AND EXISTS (SELECT 1 FROM applications a WHERE a.id = d.ref AND a.inviter_id = ${actor.userId})))`;
}

export async function quickSearch(
  s: Services,
  orgId: string,
  actor: Actor,
  q: string,
  limit: number,
): Promise<SearchItemDto[]> {
  const match = ftsMatch(q);
  if (!match) return [];
  const { db } = s;
  const hits = await db.all<{ kind: SearchKind; ref: string }>(sql`
    SELECT d.kind AS kind, d.ref AS ref FROM search_fts f JOIN search_docs d ON d.id = f.rowid
    WHERE search_fts MATCH ${match} AND d.org_id = ${orgId}${visibleTo(actor)}
    ORDER BY f.rowid DESC LIMIT ${limit}`);
  const refs = (kind: SearchKind) => hits.filter((h) => h.kind === kind).map((h) => h.ref);
  const [memberIds, invitationIds, applicationIds] = [
    refs('member'),
    refs('invitation'),
    refs('application'),
  ];
  const now = s.now();
  const found = new Map<string, SearchItemDto>();
  if (memberIds.length) {
    const rows = await db
      .select({ m: memberships, u: users })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.orgId, orgId), inArray(memberships.userId, memberIds)));
    for (const { m, u } of rows) {
      found.set(`member:${u.id}`, {
        kind: 'member',
        id: u.id,
        name: memberName(m, u),
        email: u.email,
        phone: m.phone,
        status: m.status,
        invitationState: m.invitationState,
        createdAt: iso(m.createdAt),
      });
    }
  }
  if (invitationIds.length) {
    const rows = await db
      .select()
      .from(invitations)
      .where(and(inArray(invitations.id, invitationIds), sameOrg(invitations.orgId, orgId)));
    for (const r of rows) {
      const name =
        [r.profile?.firstName, r.profile?.lastName].filter(Boolean).join(' ') ||
        r.email ||
        r.phone ||
        '';
      found.set(`invitation:${r.id}`, {
        kind: 'invitation',
        id: r.id,
        name,
        email: r.email,
        phone: r.phone,
        status: effectiveStatus(r, now),
        createdAt: iso(r.createdAt),
      });
    }
  }
  if (applicationIds.length) {
    const rows = await db
      .select()
      .from(applications)
      .where(and(inArray(applications.id, applicationIds), sameOrg(applications.orgId, orgId)));
    for (const r of rows)
      found.set(`application:${r.id}`, {
        kind: 'application',
        id: r.id,
        name: r.name,
        email: r.email,
        status: r.status,
        createdAt: iso(r.createdAt),
      });
  }
  return hits.flatMap((h) => found.get(`${h.kind}:${h.ref}`) ?? []);
}
