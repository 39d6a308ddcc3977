#!/usr/bin/env node
/**
 * The Worker bundle's size against its budget, and what it is made of. Reads what `npm run build:worker`
 * wrote (dist/worker.js and the esbuild metafile dist/bundle-meta.json) and prints the minified and gzip
 * sizes (gzip level 9, within 1 % of wrangler's own "Total Upload" figure) and the bytes each package
 * contributes, and flags packages that must not be there. Exits 1 when over budget.
 *
 *   npm run build:worker && node scripts/worker-bundle-size.mjs
 */
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';

const BUDGET = { minified: 250 * 1024, gzip: 75 * 1024 };
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;

const code = await readFile('dist/worker.js');
const gzip = gzipSync(code, { level: 9 }).length;
const meta = JSON.parse(await readFile('dist/bundle-meta.json', 'utf8'));
const output = Object.entries(meta.outputs).find(([name]) => name.endsWith('worker.js'))?.[1];
const parts = new Map();
for (const [file, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1];
  const key = pkg ?? (file.startsWith('shared/') ? 'shared/' : `worker/src/${file.split('/')[2] ?? ''}`);
  parts.set(key, (parts.get(key) ?? 0) + bytesInOutput);
}

console.log(`dist/worker.js: ${kib(code.length)} minified (budget ${kib(BUDGET.minified)}), ${kib(gzip)} gzip (budget ${kib(BUDGET.gzip)})`);
for (const [name, bytes] of [...parts].sort((a, b) => b[1] - a[1])) console.log(`  ${kib(bytes).padStart(10)}  ${name}`);
for (const unwanted of ['postal-mime', 'resend', 'pngjs', 'node:']) {
  if ([...parts.keys()].some((k) => k === unwanted || k.startsWith(unwanted))) console.log(`  ! ${unwanted} is in the bundle`);
}
const over = code.length > BUDGET.minified || gzip > BUDGET.gzip;
if (over) console.log('Over budget.');
process.exit(over ? 1 : 0);
