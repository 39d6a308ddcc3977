/**
 * Seeing one link: its state with the latest applications and the people who joined through it,
 * and its QR code.
 */
import { and, desc, eq } from 'drizzle-orm';
import { toString as qrToString } from 'qrcode';
import type { LinkDetailDto } from '../../../../shared/api/links';
import { isoOrNull, iso } from '../../db/pagination';
import { applications, memberships, users } from '../../db/schema';
import type { BatchResponse } from 'drizzle-orm/batch';
import type { Db } from '../../db/client';
import type { Services } from '../../env';
import { notFound } from '../../errors';
import { selectApplications, toApplicationDto } from '../joining/applications';

import { can, ensure } from '../organizations/permissions';
import { linkUrl } from './links';
import { orgLinkDto, orgLinkStatement, type LinkCaller } from './org-link';
import { memberName, memberNameSql } from '../../db/member-names';

export interface LinkInput extends LinkCaller {
  id: string;
}

/**
 * What a link's details read, in three statements that travel with the caller's lookup
 * (http/read-as-member.ts): the link, its latest applications, and who joined through it.
 */
export function linkDetailStatements(s: Services, orgId: string, id: string) {
  const { db } = s;
  const statements: [
    ReturnType<typeof orgLinkStatement>,
    ReturnType<typeof linkApplications>,
    ReturnType<typeof linkJoiners>,
  ] = [orgLinkStatement(s, orgId, id), linkApplications(db, orgId, id), linkJoiners(db, orgId, id)];
  return statements;
}

const linkApplications = (db: Db, orgId: string, id: string) =>
  selectApplications(db)
    .where(and(eq(applications.linkId, id), eq(applications.orgId, orgId)))
    .orderBy(desc(applications.createdAt))
    .limit(100);

const linkJoiners = (db: Db, orgId: string, id: string) =>
  db
    .select({
      m: memberships,
      name: memberNameSql(memberships.orgId, memberships.userId),
      email: users.email,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.linkId, id), eq(memberships.orgId, orgId)))
    .orderBy(desc(memberships.createdAt))
    .limit(100);

type DetailReads = BatchResponse<ReturnType<typeof linkDetailStatements>>;

/** The link with who came through it, from what `linkDetailStatements` read (or reading it now). */
export async function linkDetails(
  s: Services,
  input: LinkInput,
  read?: DetailReads,
): Promise<LinkDetailDto> {
  const [found, apps, joined] =
    read ?? (await s.db.batch(linkDetailStatements(s, input.org.id, input.id)));
  const [row] = found;
  if (!row) throw notFound('Link');
  ensure(can.seeLink(input.actor, row.link));
  const { link, creator } = row;
  // The name this organization knows the person by, never what another organization or the
  // account set elsewhere.
  const members = joined.map(({ m, name, email }) => ({
    userId: m.userId,
    name: memberName(m, { name }),
    email,
    role: m.role,
    status: m.status,
    joinedAt: iso(m.createdAt),
    activatedAt: isoOrNull(m.activatedAt),
  }));
  return {
    link: await orgLinkDto(s, input.org, link, creator),
    applications: apps.map(toApplicationDto),
    members,
  };
}

/** The link's URL as an SVG QR code. */
export async function linkQrSvg(
  s: Services,
  input: LinkInput,
  read: Awaited<ReturnType<typeof orgLinkStatement>>,
): Promise<string> {
  const [found] = read;
  if (!found) throw notFound('Link');
  const { link } = found;
  ensure(can.seeLink(input.actor, link));
  return qrToString(await linkUrl(s.tokens, s.config.publicUrl, link), {
    type: 'svg',
    margin: 2,
    errorCorrectionLevel: 'M',
  });
}
