/**
 * browser.i18n for unit tests of extension modules: WXT's fakeBrowser leaves getMessage and
 * getUILanguage unimplemented, so they are given here, reading the same message files the build
 * turns into _locales/<lang>/messages.json, substituting `$1`…`$9` as the browser does.
 */
import { readFileSync } from 'node:fs';
import { generateChromeMessages, parseMessagesObject } from '@wxt-dev/i18n/build';
import { fakeBrowser } from 'wxt/testing/fake-browser';

/** The locale folders of extension/locales, as Chrome names them. */
export const LOCALE_FOLDERS = { en: 'en', 'zh-CN': 'zh_CN', ru: 'ru', ja: 'ja' } as const;
export type BrowserLanguage = keyof typeof LOCALE_FOLDERS;

export function messagesOf(folder: string): Record<string, { message: string }> {
  const file = new URL(`../../../extension/locales/${folder}.json`, import.meta.url);
  return generateChromeMessages(parseMessagesObject(JSON.parse(readFileSync(file, 'utf8'))));
}

/**
 * Makes browser.i18n answer as a browser whose UI is in `language` does (English words for a
 * language the extension does not speak, as `default_locale` makes the browser do).
 */
export function setBrowserLanguage(language: BrowserLanguage | 'de'): void {
  const messages = messagesOf(language === 'de' ? 'en' : LOCALE_FOLDERS[language]);
  const fallback = messagesOf('en');
  const i18n = fakeBrowser.i18n as unknown as {
    getMessage: (key: string, substitutions?: string | string[]) => string;
    getUILanguage: () => string;
  };
  i18n.getUILanguage = () => language;
  i18n.getMessage = (key, substitutions) => {
    const entry = messages[key] ?? fallback[key];
    if (!entry) return '';
    const subs = typeof substitutions === 'string' ? [substitutions] : (substitutions ?? []);
    return entry.message.replace(/\$(\$|[1-9])/g, (_, c: string) =>
      c === '$' ? '$' : (subs[Number(c) - 1] ?? ''),
    );
  };
}
