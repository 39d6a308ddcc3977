/**
 * The words of hosted pages and messages, in every language of shared/i18n.ts.
 *
 * A feature keeps its words beside it (`pages.text.ts`, `mail.text.ts`) as one `defineText` call:
 * English first, then each other language with exactly the same keys. A key missing in one language
 * is a type error, and test/unit/i18n-catalogs.test.ts checks the same at run time (keys, and the
 * `{placeholders}` each translation uses). Entries are plain strings with `{name}` placeholders, or
 * functions when the words depend on a number (`plural` below).
 */
import { LOCALES, type Locale } from '../../../shared/i18n';

type Entry = string | ((params: never) => string);
export type Words = Record<string, Entry>;

/** English words and the same keys in every other language. */
export type Translations<W extends Words> = { en: W } & {
  [L in Exclude<Locale, 'en'>]: { [K in keyof W]: W[K] };
};

export interface TextCatalog<W extends Words> {
  /** Where the words live, for the completeness test's messages. */
  readonly name: string;
  readonly translations: Translations<W>;
  /** The words of one language. */
  in(locale: Locale): W;
}

const registry: TextCatalog<Words>[] = [];

/** Every catalog defined so far (the completeness test imports the modules, then reads this). */
export function allCatalogs(): readonly TextCatalog<Words>[] {
  return registry;
}

export function defineText<W extends Words>(
  name: string,
  translations: Translations<W>,
): TextCatalog<W> {
  const catalog: TextCatalog<W> = {
    name,
    translations,
    in: (locale) => (translations[locale] ?? translations.en) as W,
  };
  registry.push(catalog as unknown as TextCatalog<Words>);
  return catalog;
}

/** `fill('Hello {name}', { name: 'Ann' })`; a placeholder without a value stays as it is. */
export function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{([a-zA-Z0-9_]+)\}/g, (whole, key: string) =>
    key in params ? String(params[key]) : whole,
  );
}

/**
 * `fill` for markup: the template's text and each placeholder's value in order, so a page can put
 * `<strong>` around a name wherever the language puts the name (`fillParts('{who} invited you',
 * { who: <strong>Ann</strong> })`).
 */
export function fillParts<T>(template: string, params: Record<string, T>): (string | T)[] {
  const parts: (string | T)[] = [];
  let at = 0;
  for (const m of template.matchAll(/\{([a-zA-Z0-9_]+)\}/g)) {
    const key = m[1] as string;
    if (!(key in params)) continue;
    if (m.index > at) parts.push(template.slice(at, m.index));
    parts.push(params[key] as T);
    at = m.index + m[0].length;
  }
  if (at < template.length) parts.push(template.slice(at));
  return parts;
}

/**
 * The form of a count the language needs: `plural('ru', n, { one: '{n} день', few: '{n} дня',
 * many: '{n} дней', other: '{n} дня' })`. `other` is always required; Chinese and Japanese need only
 * it.
 */
export function plural(
  locale: Locale,
  n: number,
  forms: Partial<Record<Intl.LDMLPluralRule, string>> & { other: string },
): string {
  const rule = new Intl.PluralRules(locale).select(n);
  return fill(forms[rule] ?? forms.other, { n });
}

export { LOCALES };
