/**
 * The extension's words in the browser's language: `t(key)` from extension/locales/<lang>.json
 * (built into _locales/<lang>/messages.json, read through browser.i18n), counted phrases with
 * `plural`, and the language that dates and numbers follow. docs/I18N-extension.md tells how to add
 * a key.
 */
import { type GeneratedI18nStructure, i18n } from '#i18n';
import { browser } from 'wxt/browser';
import { DEFAULT_LOCALE, type Locale, matchLocale } from '../../shared/locales';

export const t = i18n.t;

/**
 * The message of a key made at run time (`word.not_invited` for a status code), or '' when there
 * is none.
 */
export function messageFor(key: string, substitutions?: string[]): string {
  const getMessage = browser.i18n.getMessage as (key: string, substitutions?: string[]) => string;
  return getMessage(key.replaceAll('.', '_'), substitutions);
}

/**
 * The language of the words, which browser.i18n chose from the browser's UI language (our four, else
 * English by `default_locale`), so dates and numbers read in the same language: each messages file
 * names its own (`locale`). getUILanguage() mapped with matchLocale when that is missing; it alone
 * would not do, since headless Chromium started with --lang=ja picks the Japanese messages while
 * getUILanguage() still answers en-US.
 */
export function uiLocale(): Locale {
  let tag: string | undefined;
  try {
    tag = browser.i18n.getUILanguage();
  } catch {
    tag = undefined;
  }
  return matchLocale(messageFor('locale')) ?? matchLocale(tag) ?? DEFAULT_LOCALE;
}

/** `users.count` for the keys `users.count.one`, `users.count.other`, … */
export type PluralKey = Exclude<
  keyof GeneratedI18nStructure extends infer K ? (K extends `${infer P}.other` ? P : never) : never,
  'word'
>;

/**
 * A counted phrase: the form of `key` that the language's plural rules pick for `count` (`one`,
 * `few`, `many`, `other` in Russian; `one`, `other` in English; `other` in Chinese and Japanese),
 * with `$1` the count and `{name}` filled from `named`.
 */
export function plural(
  key: PluralKey,
  count: number,
  named?: Record<string, string | number>,
): string {
  const locale = uiLocale();
  // Every form a language's rules pick exists (test/unit/extension/locales.test.ts).
  const form = `${key}.${new Intl.PluralRules(locale).select(count)}` as `${PluralKey}.other`;
  const counted = t as (key: typeof form, substitutions: string[], named: object) => string;
  return counted(form, [count.toLocaleString(locale)], named ?? {});
}

/** The page's `lang` (screen readers, fonts, hyphenation) is the language its words are in. */
export function setDocumentLanguage(title?: string): void {
  document.documentElement.lang = uiLocale();
  if (title) document.title = title;
}
