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

  it('loads at most 30 KB of JavaScript, gzip', () => {
    const bytes = scripts().reduce(
      (sum, file) => sum + gzipSync(readFileSync(join(EXTENSION, file)), { level: 9 }).length,
      0,
    );
    console.log(`popup JavaScript: ${scripts().join(', ')} = ${bytes} bytes gzip`);
    expect(bytes).toBeLessThanOrEqual(30_000);
  });

  it('never loads the dashboard, which has its own chunk', () => {
    const dashboardChunks = readdirSync(join(EXTENSION, 'chunks')).filter((f) =>
      f.startsWith('dashboard-'),
    );
    expect(dashboardChunks).toHaveLength(1);
    expect(scripts().some((f) => f.includes('dashboard'))).toBe(false);
    for (const file of scripts())
      expect(readFileSync(join(EXTENSION, file), 'utf8')).not.toContain('Import progress');
  });

  it('carries none of the dashboard’s API routes (shared/client-admin)', () => {
    const popupCode = scripts()
      .map((file) => readFileSync(join(EXTENSION, file), 'utf8'))
      .join('\n');
    expect(popupCode).toContain('setWorkspaces');
    for (const route of ['patchSettings', '/api/join/']) expect(popupCode).not.toContain(route);
  });
});
