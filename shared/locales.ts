/**
 * The languages the product speaks and how a BCP 47 tag maps onto them, without zod: the
 * extension's popup reads the browser's language with these and ships no schema code
 * (shared/i18n.ts re-exports them beside the schemas).
 */
export const LOCALES = ['en', 'zh-CN', 'ru', 'ja'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

/**
 * The supported language a BCP 47 tag asks for, or null: `zh`, `zh-Hans`, `zh-SG` and `zh-CN` are
 * Simplified Chinese (Traditional `zh-TW`, `zh-HK`, `zh-Hant` are not: better English than the wrong
 * script); `ru-RU` is Russian; `en-GB` is English.
 */
export function matchLocale(tag: string | null | undefined): Locale | null {
  if (!tag) return null;
  const parts = tag.trim().toLowerCase().replace(/_/g, '-').split('-');
  const [language, ...rest] = parts;
  switch (language) {
    case 'en':
      return 'en';
    case 'ru':
      return 'ru';
    case 'ja':
      return 'ja';
    case 'zh':
      return rest.some((p) => p === 'tw' || p === 'hk' || p === 'mo' || p === 'hant')
        ? null
        : 'zh-CN';
    default:
      return null;
  }
}
