/**
 * The extension's four message files (extension/locales/<lang>.json) say the same things: the same
 * keys, the same placeholders, and for counted phrases exactly the plural forms each language's
 * rules pick from; and the words, counts and dates follow the browser's language.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { LOCALES, type Locale } from '../../../shared/locales';
import { ApiError } from '../../../shared/client';
import { ERROR_CODES, ERROR_SENTENCES } from '../../../shared/errors';
import { describeError } from '../../../extension/lib/errors';
import { formatDateTime } from '../../../extension/lib/dashboard/dates';
import { formatExpiry, formatRelative, formatUses } from '../../../extension/lib/format';
import { plural, t } from '../../../extension/lib/i18n';
import { LOCALE_FOLDERS, setBrowserLanguage } from './browser-language';

type Tree = { [key: string]: string | Tree };

const CATEGORIES = ['zero', 'one', 'two', 'few', 'many', 'other'];

function read(locale: Locale): Tree {
  const file = new URL(
    `../../../extension/locales/${LOCALE_FOLDERS[locale]}.json`,
    import.meta.url,
  );
  return JSON.parse(readFileSync(file, 'utf8')) as Tree;
}

/** A counted phrase: an object of plural forms only (`one`, `few`, `many`, `other`). */
function isPlural(node: Tree): boolean {
  const keys = Object.keys(node);
  return keys.includes('other') && keys.every((k) => CATEGORIES.includes(k));
}

/** Every message as `key` → its forms (one form, `''`, for a plain message). */
function messages(tree: Tree, prefix = ''): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix + key;
    if (typeof value === 'string') out.set(path, new Map([['', value]]));
    else if (isPlural(value))
      out.set(path, new Map(Object.entries(value).map(([k, v]) => [k, String(v)])));
    else for (const [k, v] of messages(value, `${path}.`)) out.set(k, v);
  }
  return out;
}

/** `$1`…`$9` and `{name}`, sorted. */
function placeholders(text: string): string[] {
  return [...new Set(text.match(/\$[1-9]|\{\w+\}/g) ?? [])].sort();
}

const english = messages(read('en'));

describe('the message files', () => {
  it.each(LOCALES.filter((l) => l !== 'en'))('%s has every English key and no other', (locale) => {
    const other = messages(read(locale));
    const missing = [...english.keys()].filter((k) => !other.has(k));
    const extra = [...other.keys()].filter((k) => !english.has(k));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
  });

  it.each(LOCALES)('%s gives each counted phrase exactly its plural forms', (locale) => {
    const forms = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
    const wanted = CATEGORIES.filter((c) => forms.includes(c as Intl.LDMLPluralRule));
    for (const [key, values] of messages(read(locale))) {
      if (values.has('')) continue;
      expect([...values.keys()].sort(), key).toEqual([...wanted].sort());
    }
    // Russian picks one, few and many among whole numbers: a file with only one/other would fail.
    if (locale === 'ru') expect(wanted).toEqual(['one', 'few', 'many', 'other']);
  });

  it.each(LOCALES)('%s keeps the placeholders of each English message', (locale) => {
    for (const [key, values] of messages(read(locale))) {
      const en = english.get(key);
      const expected = placeholders(en?.get('') ?? en?.get('other') ?? '');
      for (const [form, text] of values) {
        expect(placeholders(text), `${key}${form && `.${form}`}`).toEqual(expected);
        expect(text.trim(), key).not.toBe('');
        // A `$` that is not `$1`…`$9` would be read by the browser as a named placeholder.
        expect(text.replace(/\$[1-9]/g, ''), key).not.toContain('$');
      }
    }
  });

  it.each(LOCALES)('%s names its own language, which dates and numbers follow', (locale) => {
    expect(read(locale).locale).toBe(locale);
  });

  it('word every error code, in English as shared/errors.ts does', () => {
    for (const code of ERROR_CODES)
      expect(english.get(`error.${code}`)?.get(''), code).toBe(ERROR_SENTENCES[code]);
  });

  it('are translations, not copies of the English words', () => {
    for (const locale of LOCALES.filter((l) => l !== 'en')) {
      const other = messages(read(locale));
      const same = [...english].filter(
        ([key, v]) =>
          /[a-z]{4}/.test((v.get('') ?? '').replace(/\{\w+\}/g, '')) &&
          other.get(key)?.get('') === v.get(''),
      );
      expect(
        same.map(([key]) => key),
        locale,
      ).toEqual([]);
    }
  });
});

describe('the browser’s language', () => {
  afterEach(() => setBrowserLanguage('en'));
  const NOW = Date.parse('2030-01-01T00:00:00Z');

  it('counts in Russian with its one, few and many forms', () => {
    setBrowserLanguage('ru');
    expect([1, 2, 5, 21, 22, 25, 111].map((n) => plural('format.days', n))).toEqual([
      '1 день',
      '2 дня',
      '5 дней',
      '21 день',
      '22 дня',
      '25 дней',
      '111 дней',
    ]);
    expect(formatUses(3, 5)).toBe('3 из 5 использований');
  });

  it('says when in Japanese, and dates in the Japanese way', () => {
    setBrowserLanguage('ja');
    expect(formatRelative('2030-01-04T00:00:00Z', NOW)).toBe('3 日後');
    expect(formatExpiry('2030-01-01T02:00:00Z', NOW)).toBe('期限：2 時間後');
    expect(formatDateTime('2030-01-02T03:04:00Z')).toMatch(/^2030\/01\/02/);
    expect(t('popup.share')).toBe('共有');
  });

  it('puts an error in the browser’s language rather than the server’s English', () => {
    setBrowserLanguage('zh-CN');
    const error = new ApiError(403, 'forbidden', 'Admins only, sorry.');
    expect(describeError(error)).toBe('你没有执行此操作的权限。');
    const invalid = new ApiError(422, 'invalid_input', 'Invalid input', {
      newPassword: 'must be at least 10 characters',
    });
    expect(describeError(invalid)).toBe('部分字段无效。请检查后重试。');
    setBrowserLanguage('en');
    expect(describeError(error)).toBe('Admins only, sorry.');
    expect(describeError(invalid)).toBe(
      'Please correct: new password must be at least 10 characters.',
    );
  });

  it('falls back to English for a language the extension does not speak', () => {
    setBrowserLanguage('de');
    expect(formatRelative('2029-12-31T23:55:00Z', NOW)).toBe('5 minutes ago');
    expect(plural('format.uses', 1)).toBe('1 use');
  });
});
