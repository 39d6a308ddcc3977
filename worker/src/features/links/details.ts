/**
 * Seeing one link: its state with the latest applications and the people who joined through it,
 * and its QR code.
 */
import { and, desc, eq } from 'drizzle-orm';
import { toString as qrToString } from 'qrcode';
import type { LinkDetailDto } from '../../../../shared/api/links';
import { isoOrNull, iso } from '../../db/pagination';
import { applications, memberships, users } from '../../db/schema';
import type { Services } from '../../env';
import { selectApplications, toApplicationDto } from '../joining/applications';

import { can, ensure } from '../organizations/permissions';
import { linkUrl } from './links';
import { findOrgLink, orgLinkDto, type LinkCaller } from './org-link';
import { memberName, memberNameSql } from '../../db/member-names';

export interface LinkInput extends LinkCaller {
  id: string;
}

/** A link the caller may see (404 for another organization's, 403 for one they may not see). */
async function seeLink(s: Services, { org, actor, id }: LinkInput) {
  const found = await findOrgLink(s, org.id, id);
  ensure(can.seeLink(actor, found.link));
  return found;
}

export async function linkDetails(s: Services, input: LinkInput): Promise<LinkDetailDto> {
  const { db } = s;
  const { link, creator } = await seeLink(s, input);
  const apps = await selectApplications(db)
    .where(eq(applications.linkId, link.id))
    .orderBy(desc(applications.createdAt))
    .limit(100);
  const joined = await db
    .select({
      m: memberships,
      name: memberNameSql(memberships.orgId, memberships.userId),
      email: users.email,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.linkId, link.id), eq(memberships.orgId, link.orgId)))
    .orderBy(desc(memberships.createdAt))
    .limit(100);
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
export async function linkQrSvg(s: Services, input: LinkInput): Promise<string> {
  const { link } = await seeLink(s, input);
  return qrToString(await linkUrl(s.tokens, s.config.publicUrl, link), {
    type: 'svg',
    margin: 2,
    errorCorrectionLevel: 'M',
  });
}
