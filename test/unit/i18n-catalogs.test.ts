/**
 * Every text catalog of the worker (`*.text.ts` beside its feature) says everything in every
 * language: exactly the English keys, no empty entry, and the same `{placeholders}` as English.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { LOCALES } from '../../shared/i18n';
import { allCatalogs, type TextCatalog, type Words } from '../../worker/src/i18n/text';

const SRC = join(import.meta.dirname, '../../worker/src');

function textModules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return textModules(path);
    return entry.name.endsWith('.text.ts') ? [path] : [];
  });
}

const placeholders = (text: string) =>
  [...text.matchAll(/\{([a-zA-Z0-9_]+)\}/g)].map((m) => m[1]).sort();

/** What is wrong with a catalog, one line each; empty when every language is complete. */
function catalogProblems(catalog: TextCatalog<Words>): string[] {
  const problems: string[] = [];
  const english = catalog.translations.en;
  const keys = Object.keys(english).sort();
  for (const locale of LOCALES) {
    const words = (catalog.translations as Record<string, Words | undefined>)[locale];
    if (!words) {
      problems.push(`${catalog.name}: no ${locale}`);
      continue;
    }
    const have = Object.keys(words).sort();
    for (const key of keys)
      if (!have.includes(key)) problems.push(`${catalog.name}: ${locale} lacks ${key}`);
    for (const key of have)
      if (!keys.includes(key)) problems.push(`${catalog.name}: ${locale} has extra ${key}`);
    for (const key of keys) {
      const entry = words[key];
      const source = english[key];
      if (entry === undefined) continue;
      if (typeof entry !== typeof source) {
        problems.push(
          `${catalog.name}: ${locale}.${key} is a ${typeof entry}, English a ${typeof source}`,
        );
        continue;
      }
      if (typeof entry !== 'string' || typeof source !== 'string') continue;
      if (entry.trim() === '') problems.push(`${catalog.name}: ${locale}.${key} is empty`);
      if (placeholders(entry).join() !== placeholders(source).join())
        problems.push(
          `${catalog.name}: ${locale}.${key} has {${placeholders(entry).join('},{')}}, English {${placeholders(source).join('},{')}}`,
        );
    }
  }
  return problems;
}

const modules = textModules(SRC);

beforeAll(async () => {
  for (const file of modules) await import(pathToFileURL(file).href);
});

describe('text catalogs', () => {
  it('finds the catalogs of the hosted pages', () => {
    const names = allCatalogs().map((c) => c.name);
    expect(modules.length).toBeGreaterThanOrEqual(7);
    for (const name of ['joining/pages', 'invitations/pages', 'accounts/pages', 'http/forms'])
      expect(names).toContain(name);
    // Every *.text.ts module defines at least one catalog.
    expect(allCatalogs().length).toBeGreaterThanOrEqual(modules.length);
  });

  it('every language has exactly the English keys, no empty words, the same placeholders', () => {
    expect(allCatalogs().flatMap(catalogProblems)).toEqual([]);
  });

  it('names a missing key, an empty entry and a lost placeholder (a broken catalog)', () => {
    const broken = {
      name: 'broken',
      translations: {
        en: { hello: 'Hello {name}', bye: 'Bye' },
        'zh-CN': { hello: '你好 {name}', bye: '再见' },
        ru: { hello: 'Привет', bye: 'Пока' },
        ja: { hello: 'こんにちは {name}' },
      },
      in: () => ({}),
    } as unknown as TextCatalog<Words>;
    expect(catalogProblems(broken)).toEqual([
      'broken: ru.hello has {}, English {name}',
      'broken: ja lacks bye',
    ]);
    const empty = {
      ...broken,
      translations: { ...broken.translations, ja: { hello: ' ', bye: 'さようなら', extra: 'x' } },
    } as unknown as TextCatalog<Words>;
    expect(catalogProblems(empty)).toContain('broken: ja has extra extra');
    expect(catalogProblems(empty)).toContain('broken: ja.hello is empty');
  });
});
