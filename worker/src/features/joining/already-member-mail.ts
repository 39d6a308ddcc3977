/**
 * A harmless notice to an address that applied through a general link while it already belongs to
 * the organization (`refId` = `<orgId>:<userId>`). The applicant saw the same answer as anyone
 * else; only the owner of the address learns that nothing needed to happen.
 */
import { and, eq } from 'drizzle-orm';
import { memberships, organizations, users } from '../../db/schema';
import { ALREADY_MEMBER_KIND } from './apply';
import { withDefaults } from '../organizations/orgs';
import { buildEmail, loginLabel, onBehalfOf } from '../../mail/layout';
import type { MessageDefinition } from '../../mail/messages';
import { memberNameSql } from '../../db/member-names';
import { brandColumns, brandOf } from '../organizations/branding';

export const alreadyMember: MessageDefinition<typeof ALREADY_MEMBER_KIND> = {
  kind: ALREADY_MEMBER_KIND,
  async render({ db, publicUrl }, refId) {
    const [orgId = '', userId = ''] = refId.split(':');
    const [row] = await db
      .select({
        orgName: organizations.name,
        settings: organizations.settings,
        email: users.email,
        name: memberNameSql(memberships.orgId, memberships.userId),
        status: memberships.status,
        brandOf: brandColumns,
      })
      .from(memberships)
      .innerJoin(organizations, eq(organizations.id, memberships.orgId))
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)))
      .limit(1);
    if (!row?.email) return null;
    const chosen = withDefaults(row.settings).loginUrl;
    const loginUrl = chosen ?? `${publicUrl}/login`;
    return buildEmail({
      to: row.email,
      subject: `Your request to join ${row.orgName}`,
      heading: `Hello ${row.name}`,
      brand: brandOf(publicUrl, row.brandOf),
      blocks: [
        {
          p: `Someone, probably you, asked to join ${row.orgName} with this address through an invitation link. This address already belongs to ${row.orgName}, so nothing was changed.`,
        },
        row.status === 'active'
          ? { button: { label: chosen ? loginLabel(row.orgName, true) : 'Sign in', url: loginUrl } }
          : {
              p: `To finish joining, use the link in the welcome or invitation message you received earlier. If you cannot find it, ask an administrator of ${row.orgName} to send it again.`,
            },
        { note: `If it was not you, you can ignore this message. ${onBehalfOf(row.orgName)}` },
      ],
    });
  },
};
