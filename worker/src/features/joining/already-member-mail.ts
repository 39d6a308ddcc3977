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
import { messageLocale } from '../../mail/locale';
import { fill } from '../../i18n/text';
import { alreadyMemberText } from './already-member-mail.text';
import type { MessageDefinition } from '../../mail/messages';
import { memberNameSql } from '../../db/member-names';
import { brandColumns, brandOf } from '../organizations/branding';

export const alreadyMember: MessageDefinition<typeof ALREADY_MEMBER_KIND> = {
  kind: ALREADY_MEMBER_KIND,
  async render({ db, publicUrl, locale: asked }, refId) {
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
    const settings = withDefaults(row.settings);
    const chosen = settings.loginUrl;
    const loginUrl = chosen ?? `${publicUrl}/login`;
    // The language the applicant read the join page in (kept on the outbox row), else the organization's.
    const locale = messageLocale(asked, settings.language);
    const w = alreadyMemberText.in(locale);
    const p = { org: row.orgName, name: row.name };
    return buildEmail({
      to: row.email,
      locale,
      subject: fill(w.subject, p),
      heading: fill(w.heading, p),
      brand: brandOf(publicUrl, row.brandOf),
      blocks: [
        { p: fill(w.intro, p) },
        row.status === 'active'
          ? {
              button: {
                label: chosen ? loginLabel(row.orgName, true, locale) : w.signIn,
                url: loginUrl,
              },
            }
          : { p: fill(w.finish, p) },
        { note: `${w.notYou} ${onBehalfOf(row.orgName, locale)}` },
      ],
    });
  },
};
