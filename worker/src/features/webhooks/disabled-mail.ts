/**
 * The notice to an organization's owners and admins that one of its webhook endpoints was disabled
 * after 3 days of failed deliveries (deliver.ts queues one per person, `refId` `<endpoint>:<user>`).
 * Written in English and, below it, in the organization's language when that is another.
 */
import { and, desc, eq } from 'drizzle-orm';
import { organizations, users, webhookAttempts, webhookEndpoints } from '../../db/schema';
import { fill } from '../../i18n/text';
import { type Block, buildEmail, onBehalfOf } from '../../mail/layout';
import type { MessageDefinition } from '../../mail/messages';
import { webhookMailText } from './disabled-mail.text';

export const webhookDisabled: MessageDefinition<'webhook_disabled'> = {
  kind: 'webhook_disabled',
  async render({ db }, refId) {
    const [endpointId = '', userId = ''] = refId.split(':');
    const [[found], [user], [last]] = await db.batch([
      db
        .select({
          url: webhookEndpoints.url,
          enabled: webhookEndpoints.enabled,
          org: organizations,
        })
        .from(webhookEndpoints)
        .innerJoin(organizations, eq(organizations.id, webhookEndpoints.orgId))
        .where(eq(webhookEndpoints.id, endpointId))
        .limit(1),
      db.select({ email: users.email }).from(users).where(eq(users.id, userId)).limit(1),
      db
        .select({ error: webhookAttempts.error })
        .from(webhookAttempts)
        .where(and(eq(webhookAttempts.endpointId, endpointId), eq(webhookAttempts.ok, false)))
        .orderBy(desc(webhookAttempts.at))
        .limit(1),
    ]);
    // Enabled again (or deleted) meanwhile: the notice no longer applies.
    if (!found || found.enabled || !user?.email) return null;
    const orgLocale = found.org.settings.language ?? 'en';
    const locales = orgLocale === 'en' ? (['en'] as const) : (['en', orgLocale] as const);
    const blocks: Block[] = locales.flatMap((locale) => {
      const w = webhookMailText.in(locale);
      return [
        { p: w.intro },
        {
          facts: [
            [w.endpoint, found.url] as [string, string],
            ...(last?.error ? [[w.lastError, last.error] as [string, string]] : []),
          ],
        },
        { p: w.fix },
        { note: onBehalfOf(found.org.name, locale) },
      ];
    });
    const subject = locales
      .map((l) => fill(webhookMailText.in(l).subject, { org: found.org.name }))
      .reverse()
      .join(' / ');
    return buildEmail({
      to: user.email,
      locale: orgLocale,
      subject,
      heading: locales
        .map((l) => webhookMailText.in(l).heading)
        .reverse()
        .join(' / '),
      blocks,
    });
  },
};
