#!/usr/bin/env node
/**
 * The Worker's startup in workerd, the runtime Cloudflare Workers run on: how long evaluating the
 * bundle's global scope takes (what Cloudflare calls startup time and limits to 1 s), and the first
 * request after it (which parses the bindings and builds the services once per isolate,
 * entry/worker.ts) against later ones. Runs the bundle `npm run build:worker` wrote (dist/worker.js,
 * minified as deployed) in Miniflare behind a small probe module that imports it on the first
 * request and times that import with the Worker's own clock (workerd's clock advances during CPU
 * work locally; in production it stands still). Each run is a fresh workerd process, so each import
 * is a cold parse, compile and evaluation. Prints medians over the runs. Given several bundle
 * folders (say one built before a change and one after), it takes turns between them run by run, so
 * whatever else loads the machine weighs on each alike.
 *
 *   npm run build:worker && node scripts/bench-startup-workerd.mjs [--runs=11] [dir=dist ...]
 */
import { readFile } from 'node:fs/promises';
import { Miniflare } from 'miniflare';

const args = process.argv.slice(2);
const runs = Number(args.find((a) => a.startsWith('--runs='))?.slice(7) ?? 11);
const dirs = args.filter((a) => !a.startsWith('--'));
if (dirs.length === 0) dirs.push('dist');
const LATER = 20;

const probe = `
let worker;
let evalMs;
export default {
  async fetch(request, env, ctx) {
    if (!worker) {
      const t0 = performance.now();
      worker = (await import('./worker.js')).default;
      evalMs = performance.now() - t0;
    }
    const t0 = performance.now();
    const res = await worker.fetch(request, env, ctx);
    await res.arrayBuffer();
    return Response.json({ evalMs, requestMs: performance.now() - t0, status: res.status });
  },
};`;

// Enough for the bindings to parse (config.ts workerEnvSchema); /health touches neither the
// database nor Resend, so nothing is reached over the network.
const bindings = {
  PUBLIC_URL: 'http://bench.test',
  DATABASE_URL: 'http://127.0.0.1:9',
  TOKEN_SECRET: 'bench-secret-bench-secret-bench-secret',
  RESEND_API_KEY: 're_bench',
  MAIL_FROM: 'Bench <bench@bench.test>',
};

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** One cold isolate: the import's time, the first request's, and the median of later ones. */
async function once(code) {
  const mf = new Miniflare({
    modules: [
      { type: 'ESModule', path: 'probe.mjs', contents: probe },
      { type: 'ESModule', path: 'worker.js', contents: code },
    ],
    compatibilityDate: '2026-04-01',
    bindings,
    // The app's request log line is not what is measured here.
    handleRuntimeStdio(stdout, stderr) {
      stdout.resume();
      stderr.resume();
    },
  });
  try {
    await mf.ready;
    const ask = async () => {
      const t0 = performance.now();
      const res = await mf.dispatchFetch('http://bench.test/health');
      const body = await res.json();
      if (body.status !== 200) throw new Error(`/health answered ${body.status}`);
      return { ...body, wallMs: performance.now() - t0 };
    };
    const first = await ask();
    const later = [];
    for (let i = 0; i < LATER; i++) later.push(await ask());
    return {
      evalMs: first.evalMs,
      firstMs: first.requestMs,
      firstWallMs: first.wallMs,
      laterMs: median(later.map((r) => r.requestMs)),
      laterWallMs: median(later.map((r) => r.wallMs)),
    };
  } finally {
    await mf.dispose();
  }
}

const bundles = await Promise.all(
  dirs.map(async (dir) => ({
    dir,
    // The source map comment would send workerd looking for a file it does not have.
    code: (await readFile(`${dir}/worker.js`, 'utf8')).replace(/\n\/\/# sourceMappingURL=.*$/, ''),
    results: [],
  })),
);
for (let run = 0; run < runs; run++)
  for (const bundle of bundles) bundle.results.push(await once(bundle.code));

const ms = (xs) =>
  `median ${median(xs).toFixed(1)} ms (min ${Math.min(...xs).toFixed(1)}, max ${Math.max(...xs).toFixed(1)})`;
for (const { dir, code, results } of bundles) {
  const of = (key) => ms(results.map((r) => r[key]));
  console.log(
    `${dir}/worker.js (${(code.length / 1024).toFixed(1)} KiB) in workerd, ${runs} cold isolates:`,
  );
  console.log('  inside the Worker (workerd clock, 1 ms steps):');
  console.log(`    global scope evaluation:  ${of('evalMs')}`);
  console.log(
    `    first request:            ${of('firstMs')}  (parses the bindings, builds the services)`,
  );
  console.log(`    later requests:           ${of('laterMs')}  (median of ${LATER} per isolate)`);
  console.log('  request wall time, seen from Node:');
  console.log(`    first request:            ${of('firstWallMs')}  (evaluation included)`);
  console.log(`    later requests:           ${of('laterWallMs')}`);
}
