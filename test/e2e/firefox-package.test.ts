/**
 * The Firefox add-on as built for Mozilla's add-on site (.output/firefox-mv2), without a browser:
 * web-ext lint finds only the warning docs/FIREFOX.md explains, and the manifest declares its id,
 * what it sends and the hosts it is granted up front.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/extension-browser';
import { ADDON, ADDON_ID, buildAddonIfMissing } from '../helpers/firefox-addon';

beforeAll(() => buildAddonIfMissing(), 120_000);

describe('the package for Mozilla’s add-on site', () => {
  type Finding = { code: string; file?: string };
  it('passes web-ext lint with only the third-party warning docs/FIREFOX.md explains, and declares what it sends', () => {
    const lint = spawnSync(
      join(ROOT, 'node_modules/.bin/web-ext'),
      ['lint', '--source-dir', ADDON, '--output', 'json', '--no-config-discovery'],
      {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, NO_UPDATE_NOTIFIER: '1' },
      },
    );
    const report = JSON.parse(lint.stdout) as {
      errors: Finding[];
      notices: Finding[];
      warnings: Finding[];
    };
    expect(report.errors).toEqual([]);
    expect(report.notices).toEqual([]);
    // Preact's renderer assigns innerHTML for dangerouslySetInnerHTML, which no code of ours uses.
    expect(report.warnings.map((w) => `${w.code} ${w.file}`)).toEqual([
      expect.stringMatching(/^UNSAFE_VAR_ASSIGNMENT chunks\/popup-[\w-]+\.js$/),
    ]);
    const popupChunk = report.warnings[0]!.file!;
    expect(readFileSync(join(ADDON, popupChunk), 'utf8')).toContain('dangerouslySetInnerHTML');
    expect(
      spawnSync(
        'grep',
        ['-rl', 'dangerouslySetInnerHTML', join(ROOT, 'extension'), join(ROOT, 'shared')],
        { encoding: 'utf8' },
      ).stdout,
    ).toBe('');

    const manifest = JSON.parse(readFileSync(join(ADDON, 'manifest.json'), 'utf8')) as {
      permissions: string[];
      browser_specific_settings: {
        gecko: { id: string; data_collection_permissions: { required: string[] } };
      };
    };
    expect(manifest.browser_specific_settings.gecko.id).toBe(ADDON_ID);
    expect(manifest.browser_specific_settings.gecko.data_collection_permissions.required).toEqual([
      'authenticationInfo',
      'personallyIdentifyingInfo',
    ]);
    // Granted up front: the local server's hosts on any port, never every site.
    expect(manifest.permissions.filter((p) => p.includes('://'))).toEqual([
      'http://localhost/*',
      'http://127.0.0.1/*',
    ]);
  });
});
