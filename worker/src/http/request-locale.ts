/**
 * The language an API request asks its messages to be written in (docs/I18N-messages.md): a
 * `locale` field of its body when it has one, else its `Accept-Language`, else null (the record's
 * or the organization's language then). Hosted pages use `askedLocale` (http/page-locale.ts), which
 * also reads `?lang=` and the form's `lang`.
 */
import type { Context } from 'hono';
import { type Locale, localeFromAcceptLanguage } from '../../../shared/i18n';

export function requestLocale(c: Context, given?: Locale | null): Locale | null {
  return given ?? localeFromAcceptLanguage(c.req.header('accept-language'));
}
