/**
 * The language a hosted page is shown in: `?lang=` (a form carries it on as a hidden `lang` field),
 * then the browser's `Accept-Language`, then the organization's language (settings), then English.
 * The same choice is the language of what the page starts: the welcome mail of an application sent
 * from it speaks the language the applicant read the page in.
 */
import type { Context } from 'hono';
import {
  DEFAULT_LOCALE,
  type Locale,
  localeFromAcceptLanguage,
  matchLocale,
} from '../../../shared/i18n';

/** What the reader asked for themselves (`?lang=`, the form's `lang`, their browser), or null. */
export function askedLocale(c: Context, form?: Record<string, string>): Locale | null {
  return (
    exactLocale(c.req.query('lang')) ??
    exactLocale(form?.lang) ??
    localeFromAcceptLanguage(c.req.header('accept-language'))
  );
}

/** The page's language, falling back to the organization's (when the page belongs to one). */
export function pageLocale(
  c: Context,
  orgLanguage?: Locale | null,
  form?: Record<string, string>,
): Locale {
  return askedLocale(c, form) ?? orgLanguage ?? DEFAULT_LOCALE;
}

/** `?lang=` names one of our languages by its tag (`zh-CN`, not `zh`); anything else is ignored. */
function exactLocale(value: string | undefined): Locale | null {
  if (!value || value.length > 20) return null;
  return matchLocale(value);
}

/**
 * What a page's markup needs of its language: the language itself (`<html lang>`, its words, its
 * dates), and the `?lang=` the reader chose in the address, which the page's forms keep in their
 * `action` (the forms also carry the language as a hidden `lang` field).
 */
export interface PageLang {
  locale: Locale;
  /** `?lang=` of the request when it names one of ours, else null. */
  kept: Locale | null;
}

/** The page's language (`pageLocale`) and the `?lang=` to keep. */
export function pageLang(
  c: Context,
  orgLanguage?: Locale | null,
  form?: Record<string, string>,
): PageLang {
  return { locale: pageLocale(c, orgLanguage, form), kept: exactLocale(c.req.query('lang')) };
}

/** `href` with the reader's `?lang=` when they chose one in the address. */
export function keepLang(href: string, lang: Pick<PageLang, 'kept'>): string {
  if (!lang.kept) return href;
  return `${href}${href.includes('?') ? '&' : '?'}lang=${encodeURIComponent(lang.kept)}`;
}

/**
 * A link to another hosted page (`/login`, `/reset-password`) in this page's language: the
 * reader's `?lang=`, or the language the page was shown in when it is not the default.
 */
export function linkTo(path: string, lang: PageLang): string {
  return keepLang(path, {
    kept: lang.kept ?? (lang.locale === DEFAULT_LOCALE ? null : lang.locale),
  });
}
