#!/usr/bin/env node
/**
 * The Worker bundle's size against its budget, and what it is made of. Reads what `npm run
 * build:worker` wrote (dist/worker.js and the esbuild metafile dist/bundle-meta.json) and prints
 * the minified and gzip sizes (gzip level 9, within 1 % of wrangler's own "Total Upload" figure)
 * and the bytes each package contributes, and flags packages that must not be there. Exits 1 when
 * over budget.
 *
 *   npm run build:worker && node scripts/worker-bundle-size.mjs [dir]
 *
 * BUDGET is the target the issue sets; the bundle is over it (README, "Worker bundle"). CEILING is
 * what it is today plus a little: test/unit/worker/bundle.test.ts builds the Worker and fails above
 * it, or when an UNWANTED package gets in, so the bundle cannot grow unnoticed.
 */
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

export const BUDGET = { minified: 250 * 1024, gzip: 75 * 1024 };
export const CEILING = { minified: 520 * 1024, gzip: 168 * 1024 };
/**
 * The Resend SDK and its inbound-mail parser (mail goes through fetch), image encoders, Node
 * built-ins.
 */
export const UNWANTED = ['postal-mime', 'resend', 'pngjs', 'node:'];

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;

/**
 * Sizes of `<dir>/worker.js` and the bytes each package (or app folder) puts in it, largest first.
 */
export async function measureBundle(dir = 'dist') {
  const code = await readFile(`${dir}/worker.js`);
  const meta = JSON.parse(await readFile(`${dir}/bundle-meta.json`, 'utf8'));
  const output = Object.entries(meta.outputs).find(([name]) => name.endsWith('worker.js'))?.[1];
  const parts = new Map();
  for (const [file, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1];
    const key =
      pkg ?? (file.startsWith('shared/') ? 'shared/' : `worker/src/${file.split('/')[2] ?? ''}`);
    parts.set(key, (parts.get(key) ?? 0) + bytesInOutput);
  }
  const unwanted = UNWANTED.filter((name) =>
    [...parts.keys()].some((k) => k === name || k.startsWith(name)),
  );
  return {
    minified: code.length,
    gzip: gzipSync(code, { level: 9 }).length,
    parts: [...parts].sort((a, b) => b[1] - a[1]),
    unwanted,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { minified, gzip, parts, unwanted } = await measureBundle(process.argv[2]);
  console.log(
    `worker.js: ${kib(minified)} minified (budget ${kib(BUDGET.minified)}), ${kib(gzip)} gzip (budget ${kib(BUDGET.gzip)})`,
  );
  for (const [name, bytes] of parts) console.log(`  ${kib(bytes).padStart(10)}  ${name}`);
  for (const name of unwanted) console.log(`  ! ${name} is in the bundle`);
  const over = minified > BUDGET.minified || gzip > BUDGET.gzip;
  if (over) console.log('Over budget.');
  process.exit(over || unwanted.length > 0 ? 1 : 0);
}
