/**
 * The built popup (.output/chrome-mv3/popup.html) as shipped, without a browser: how much JavaScript
 * it loads, and that none of it is the dashboard's.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildExtensionIfMissing, EXTENSION } from '../helpers/extension-browser';

beforeAll(() => buildExtensionIfMissing(), 120_000);

describe('the built popup', () => {
  const html = () => readFileSync(join(EXTENSION, 'popup.html'), 'utf8');
  const scripts = () =>
    [...html().matchAll(/(?:src|href)="(\/chunks\/[^"]+\.js)"/g)].map((m) => m[1]!);

  // 30 KB (29,948 B loaded) until the extension spoke four languages; then 30,379 B, of which
  // @wxt-dev/i18n's runtime (`t`: its argument checks and named substitutions) is 362 B, the
  // popup's words having moved to _locales/*/messages.json (docs/I18N-extension.md).
  // Renewals' Review-tab items took it to 30,762 B; 30,277 B once the client stopped carrying
  // shared/errors.ts's English sentences (the extension words error codes from its messages).
  it('loads at most 30.5 KB of JavaScript, gzip', () => {
    const bytes = scripts().reduce(
      (sum, file) => sum + gzipSync(readFileSync(join(EXTENSION, file)), { level: 9 }).length,
      0,
    );
    console.log(`popup JavaScript: ${scripts().join(', ')} = ${bytes} bytes gzip`);
    expect(bytes).toBeLessThanOrEqual(30_500);
  });

  it('never loads the dashboard, which has its own chunk', () => {
    const dashboardChunks = readdirSync(join(EXTENSION, 'chunks')).filter((f) =>
      f.startsWith('dashboard-'),
    );
    expect(dashboardChunks).toHaveLength(1);
    expect(scripts().some((f) => f.includes('dashboard'))).toBe(false);
    // The import's words are message keys now; the key is the dashboard's alone.
    for (const file of scripts())
      expect(readFileSync(join(EXTENSION, file), 'utf8')).not.toContain('import.progressLabel');
  });

  it('carries none of the dashboard’s API routes (shared/client-admin)', () => {
    const popupCode = scripts()
      .map((file) => readFileSync(join(EXTENSION, file), 'utf8'))
      .join('\n');
    expect(popupCode).toContain('setWorkspaces');
    for (const route of ['patchSettings', '/api/join/']) expect(popupCode).not.toContain(route);
  });
});
