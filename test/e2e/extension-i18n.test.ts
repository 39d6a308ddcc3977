/**
 * The built extension in real Chromium whose UI is Japanese (`--lang=ja`): browser.i18n picks the
 * Japanese messages of _locales/ja, and the popup's words, counts and dates read in Japanese. The
 * build carries the four message folders, and the manifest names itself through them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EXTENSION,
  type ExtensionBrowser,
  launchExtensionBrowser,
  OWNER,
} from '../helpers/extension-browser';

let browser: ExtensionBrowser;
let popup: Page;

beforeAll(async () => {
  browser = await launchExtensionBrowser({ lang: 'ja' });
  popup = await browser.open('popup.html', { width: 400, height: 600 });
}, 120_000);

afterAll(() => browser?.close());

const json = (path: string) => JSON.parse(readFileSync(join(EXTENSION, path), 'utf8'));

describe('the extension in a Japanese browser', () => {
  it('is built with messages in four languages, English by default, the manifest among them', () => {
    const manifest = json('manifest.json');
    expect(manifest.default_locale).toBe('en');
    expect(manifest.name).toBe('__MSG_extName__');
    expect(manifest.description).toBe('__MSG_extDescription__');
    const names = Object.fromEntries(
      ['en', 'zh_CN', 'ru', 'ja'].map((folder) => [
        folder,
        json(`_locales/${folder}/messages.json`).extName.message,
      ]),
    );
    expect(names).toEqual({ en: 'Invitations', zh_CN: '邀请', ru: 'Приглашения', ja: '招待' });
  });

  it('signs in in Japanese, in a page whose language is Japanese', async () => {
    await popup.getByRole('heading', { level: 1, name: '「招待」にサインイン' }).waitFor();
    expect(await popup.evaluate(() => document.documentElement.lang)).toBe('ja');
    await popup.getByLabel('サーバーの URL').fill(browser.server.url);
    await popup.getByLabel('メールアドレス').fill(OWNER.email);
    await popup.getByLabel('パスワード').fill(OWNER.password);
    await popup.getByRole('button', { name: 'サインイン' }).click();

    const tabs = popup.getByRole('tablist', { name: 'セクション' }).getByRole('tab');
    await tabs.first().waitFor();
    expect(await tabs.allTextContents()).toEqual(['共有', '審査', '検索']);
    expect(await popup.getByRole('heading', { level: 1 }).textContent()).toBe('招待');
    expect(await popup.getByText(/としてサインイン中$/).textContent()).toContain(OWNER.email);
    expect(await popup.getByRole('button', { name: 'サインアウト' }).count()).toBe(1);
  });

  it('counts uses and says when a link expires in Japanese', async () => {
    await popup.getByLabel('有効期間').selectOption({ label: '1 日' });
    await popup.getByLabel('利用回数の上限').selectOption({ label: '5 回' });
    await popup.getByRole('button', { name: 'リンクを作成' }).click();
    const field = popup.getByLabel('招待リンクの URL');
    await expect.poll(() => field.inputValue()).toContain('/join/');
    const line = popup.getByRole('region', { name: '招待リンク' }).getByRole('status');
    // A moment under a day from now: hours, in Intl's Japanese; the uses counted the Japanese way.
    await expect.poll(() => line.textContent()).toBe('期限：24 時間後 · 0 / 5 回使用');
    await popup.getByRole('tab', { name: '審査' }).click();
    await popup.getByText('審査待ちの申し込みはありません。').waitFor();
  });
});
