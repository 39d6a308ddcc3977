/**
 * A message's language and dates (docs/I18N-messages.md): the record's own language (an
 * invitation's, an application's, a member's), else the language of the request that queued the
 * message (the outbox row's), else the organization's `settings.language`, else English. Dates read
 * in that language and the organization's time zone.
 */
import { DEFAULT_LOCALE, type Locale } from '../../../shared/i18n';
import type { OrgSettings } from '../../../shared/api/orgs';
import { formatDateTime } from '../i18n/dates';

export function messageLocale(...choices: (Locale | null | undefined)[]): Locale {
  return choices.find((l): l is Locale => !!l) ?? DEFAULT_LOCALE;
}

/** How a message in `locale` writes an instant, in the organization's zone (UTC without one). */
export function messageDate(
  ms: number,
  locale: Locale,
  settings?: Pick<OrgSettings, 'timeZone'> | null,
): string {
  return formatDateTime(ms, locale, settings?.timeZone ?? 'UTC');
}
