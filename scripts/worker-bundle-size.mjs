#!/usr/bin/env node
/**
 * The Worker bundle's size against its ceiling, and what it is made of. Reads what `npm run
 * build:worker` wrote (dist/worker.js and the esbuild metafile dist/bundle-meta.json): the bundle
 * `wrangler deploy` uploads, minified because wrangler.toml says `minify = true`. Prints the
 * minified and gzip sizes (gzip level 9, within 1 % of wrangler's own "Total Upload" figure) and the
 * bytes each package contributes, and flags packages that must not be there. Exits 1 above the
 * ceiling or when an UNWANTED package is in it.
 *
 *   npm run build:worker && node scripts/worker-bundle-size.mjs [dir]
 *
 * CEILING is the one limit: what the bundle is today plus a little (docs/DEPLOY.md, "Worker bundle").
 * test/unit/worker/bundle.test.ts builds the Worker the same way and fails above it, or when an
 * UNWANTED package gets in, so the bundle cannot grow unnoticed.
 */
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

export const CEILING = { minified: 880 * 1024, gzip: 258 * 1024 };
/**
 * The Resend SDK's inbound-mail parser (the SDK sends the mail; wrangler.toml aliases the parser
 * away, worker/src/mail/no-inbound-mail.ts), image encoders, Node built-ins.
 */
export const UNWANTED = ['postal-mime', 'pngjs', 'node:'];

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
    `worker.js: ${kib(minified)} minified (ceiling ${kib(CEILING.minified)}), ${kib(gzip)} gzip (ceiling ${kib(CEILING.gzip)})`,
  );
  for (const [name, bytes] of parts) console.log(`  ${kib(bytes).padStart(10)}  ${name}`);
  for (const name of unwanted) console.log(`  ! ${name} is in the bundle`);
  const over = minified > CEILING.minified || gzip > CEILING.gzip;
  if (over) console.log('Over the ceiling.');
  process.exit(over || unwanted.length > 0 ? 1 : 0);
}
