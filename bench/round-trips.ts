/**
 * `npm run bench:roundtrips [-- --latency <ms>] [--out <file>]`: every call a user makes, on the
 * production path (the Worker's runtime over libSQL's HTTP protocol, test/helpers/round-trips.ts),
 * with each round trip to the database held `--latency` ms (default 20) by a counting proxy; writes
 * the table into docs/BENCHMARKS.md between its round-trip markers (the rest of the file is kept)
 * and prints it.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ROUND_TRIP_TARGET,
  runRoundTripCalls,
  type CallResult,
} from '../test/helpers/round-trip-calls';
import { startRoundTripRig } from '../test/helpers/round-trips';
import { ROOT } from './server';

const START =
  '<!-- round-trips:start (npm run bench:roundtrips writes what is between these lines) -->';
const END = '<!-- round-trips:end -->';

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(name);
  return at >= 0 && process.argv[at + 1] ? process.argv[at + 1]! : fallback;
}

if (process.argv.includes('--help')) {
  console.log(
    'npm run bench:roundtrips [-- --latency <ms, default 20>] [--out <file, default docs/BENCHMARKS.md>]',
  );
  process.exit(0);
}
const latency = Number(option('--latency', '20'));
const out = option('--out', join(ROOT, 'docs', 'BENCHMARKS.md'));
if (!Number.isFinite(latency) || latency < 0) throw new Error('--latency takes milliseconds');

const rig = await startRoundTripRig({ delayMs: latency });
let results: CallResult[];
try {
  results = await runRoundTripCalls(rig);
} finally {
  await rig.close();
}

const met = (r: CallResult) => r.roundTrips <= ROUND_TRIP_TARGET[r.kind];
const rows = results.map(
  (r) =>
    `| ${r.name} | \`${r.route}\` | ${r.kind} | ${r.roundTrips} | ${ROUND_TRIP_TARGET[r.kind]} | ${met(r) ? 'yes' : '**no**'} | ${r.ms.toFixed(0)} | ${r.after} |`,
);
const section = [
  START,
  '',
  `## Round trips to the database per request (\`npm run bench:roundtrips\`)`,
  '',
  `Written by \`npm run bench:roundtrips\` (bench/round-trips.ts) on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, each round trip held ${latency} ms.`,
  "The Worker's own runtime (`createWorkerRuntime`: libSQL over HTTP, rate limits in the database, delivery after the",
  'answer) runs in Node against the test Hrana server (test/fakes/hrana-server.ts) through a proxy that counts every',
  'pipeline request and holds it (test/fakes/pipeline-proxy.ts). "Round trips" are those made before the answer was',
  'ready; "after" those of the work left for after the answer (outbox delivery, activity stamps), which the person',
  'does not wait for. Targets: a read 1, a write 2. `test/api/round-trips.test.ts` runs the same calls in `npm test`.',
  '',
  '| call | route | kind | round trips | target | met | ms | after the answer |',
  '| --- | --- | --- | ---: | ---: | --- | ---: | ---: |',
  ...rows,
  '',
  `${results.filter(met).length} of ${results.length} calls at or under their target.`,
  '',
  END,
].join('\n');

const old = existsSync(out) ? readFileSync(out, 'utf8') : '';
const next =
  old.includes(START) && old.includes(END)
    ? old.slice(0, old.indexOf(START)) + section + old.slice(old.indexOf(END) + END.length)
    : `${old.trimEnd()}\n\n${section}\n`;
writeFileSync(out, next);
console.log(section.split('\n').slice(2, -2).join('\n'));
console.log(`\nwritten to ${out}`);
