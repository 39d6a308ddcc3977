/**
 * The languages the product speaks (hosted pages, messages, the extension), and how a language is
 * chosen from what a browser or a person asks for. docs/I18N.md tells how to add one.
 */
import * as z from 'zod/mini';
import { type Locale, LOCALES, matchLocale } from './locales';

export { DEFAULT_LOCALE, LOCALES, type Locale, matchLocale } from './locales';

/** Each language in its own words, as a language switcher lists it. */
export const LOCALE_NAMES: Record<Locale, string> = {
  en: 'English',
  'zh-CN': '简体中文',
  ru: 'Русский',
  ja: '日本語',
};

export const localeSchema = z.enum(LOCALES);

/**
 * The best supported language of an `Accept-Language` header (`ru-RU,ru;q=0.9,en;q=0.8`), by its
 * q-values, or null when it names none of ours. A malformed header is read as far as it makes sense.
 */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale | null {
  if (!header) return null;
  const ranked = header
    .slice(0, 1000)
    .split(',')
    .slice(0, 30)
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      const weight = q === undefined ? 1 : Number(q);
      return { tag, weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((r) => r.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const r of ranked) {
    const locale = matchLocale(r.tag);
    if (locale) return locale;
  }
  return null;
}

/** True when `zone` is an IANA time zone this runtime knows (`Europe/Moscow`, `Asia/Tokyo`, `UTC`). */
export function isTimeZone(zone: string): boolean {
  if (zone.length === 0 || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const timeZoneSchema = z
  .string()
  .check(z.refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin or UTC'));
