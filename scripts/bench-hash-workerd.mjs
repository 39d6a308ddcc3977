#!/usr/bin/env node
/**
 * Times one password hash inside workerd, the runtime Cloudflare Workers run on: the Worker's own
 * hasher (worker/src/lib/password.ts: scrypt from @noble/hashes with the stored default parameters)
 * bundled with esbuild and run in Miniflare. Each request hashes once; the time is measured in the
 * Worker around the hash (workerd's clock advances here; in production it stands still during CPU
 * work) and, as a check, outside it as the request's wall time. Prints the median of several runs
 * after a warm-up.
 *
 *   node scripts/bench-hash-workerd.mjs [runs=15]
 */
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';

const runs = Number(process.argv[2] ?? 15);
const entry = `
import { createPasswordHasher, nobleScrypt, DEFAULT_SCRYPT } from './worker/src/lib/password.ts';
let hasher;
export default {
  async fetch() {
    hasher ??= createPasswordHasher(await nobleScrypt());
    const t0 = performance.now();
    const hash = await hasher.hash('correct horse battery staple');
    const ms = performance.now() - t0;
    return Response.json({ ms, params: DEFAULT_SCRYPT, prefix: hash.split('$').slice(0, 2).join('$') });
  },
};`;
const bundle = await build({
  stdin: { contents: entry, resolveDir: process.cwd(), loader: 'ts' },
  bundle: true,
  format: 'esm',
  minify: true,
  write: false,
  conditions: ['workerd', 'worker', 'browser'],
  platform: 'neutral',
  logLevel: 'error',
});
const mf = new Miniflare({
  modules: true,
  script: bundle.outputFiles[0].text,
  compatibilityDate: '2026-04-01',
});
try {
  const inside = [];
  const outside = [];
  let info;
  for (let i = 0; i < runs + 2; i++) {
    const t0 = performance.now();
    const res = await mf.dispatchFetch('http://bench/');
    info = await res.json();
    if (i < 2) continue; // warm-up: module load and JIT
    outside.push(performance.now() - t0);
    inside.push(info.ms);
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const p = info.params;
  console.log(`scrypt N=2^${p.logN} r=${p.r} p=${p.p} (${info.prefix}…) in workerd, ${runs} runs:`);
  console.log(
    `  inside the Worker: median ${median(inside).toFixed(1)} ms (min ${Math.min(...inside).toFixed(1)}, max ${Math.max(...inside).toFixed(1)})`,
  );
  console.log(`  request wall time: median ${median(outside).toFixed(1)} ms`);
} finally {
  await mf.dispose();
}
