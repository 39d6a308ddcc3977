/**
 * The built Firefox add-on (.output/firefox-mv2) the Firefox e2e tests load and inspect: where it
 * is, its id, the internal uuid its pages get in the test browser (test/helpers/firefox.ts), and
 * building it when it is missing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './extension-browser';

export const ADDON = join(ROOT, '.output/firefox-mv2');
export const ADDON_ID = 'invitations@invitations.local';
/** Given to the add-on by a preference, so its pages are `moz-extension://<UUID>/…`. */
export const UUID = '6f1d3c52-0b7a-4c1e-9d3e-2a5b8c7d9e10';

/** Builds the add-on for Firefox unless .output/firefox-mv2 holds a build already. */
export function buildAddonIfMissing(): void {
  if (!existsSync(join(ADDON, 'manifest.json')))
    execFileSync('npx', ['wxt', 'build', '-b', 'firefox'], { cwd: ROOT, stdio: 'inherit' });
}
