/**
 * `npm run bench:csv`: does a 10 MiB CSV import hold the server's event loop? Starts the product's
 * real Node entry (bench/server.ts, with bench/loop-delay.ts preloaded) on a fresh database, signs
 * in as the owner and sends, one at a time, files of exactly 10 MiB (the import's limit) to `POST
 * /api/orgs/:org/members/import`, while another connection asks `GET /health` every 10 ms. Prints,
 * per file, the import's answer and time, the worst and median /health latency, and the server's
 * event-loop max delay over the import. Loopback only, bounded: one import per file, probes stop
 * when it answers; the server is stopped at the end.
 *
 *   --people <n>   people in the valid file (default 20 000; an ignored `notes` column pads it to 10 MiB)
 *   --only <text>  only the files whose name contains it
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_IMPORT_BYTES } from '../shared/api/members';
import { startResendFake } from '../test/fakes/resend-fake';
import { OWNER, seedDatabase } from './seed';
import { startProduct, type ServerProcess } from './server';

const args = process.argv.slice(2);
const peopleArg = args.indexOf('--people');
const people = peopleArg >= 0 ? Number(args[peopleArg + 1]) : 20_000;
const onlyArg = args.indexOf('--only');
const only = onlyArg >= 0 ? args[onlyArg + 1]! : '';
const HEADER = 'firstName,lastName,email,notes\n';
const PROBE_EVERY_MS = 10;

/**
 * Pads `text` with `fill` (then line ends) to exactly MAX_IMPORT_BYTES (ASCII only, so characters
 * are bytes).
 */
function padded(text: string, fill: string): string {
  const full = text + fill.repeat(Math.floor((MAX_IMPORT_BYTES - text.length) / fill.length));
  return full + '\n'.repeat(MAX_IMPORT_BYTES - full.length);
}

function validFile(n: number): string {
  const rows: string[] = [HEADER];
  const rowBytes = Math.floor((MAX_IMPORT_BYTES - HEADER.length) / n);
  for (let i = 0; i < n; i++) {
    const row = `First${i},Last${i},person${i}@example.com,`;
    rows.push(`${row}${'n'.repeat(Math.max(0, rowBytes - row.length - 1))}\n`);
  }
  return padded(rows.join(''), '\n');
}

const FILES: { name: string; csv: () => string }[] = [
  { name: 'hostile: one unterminated quote', csv: () => padded(`${HEADER}"`, 'x') },
  { name: 'hostile: 5 million empty records (",\\n")', csv: () => padded(HEADER, ',\n') },
  {
    name: 'hostile: a header cell of 10 MiB ("a b_c-" repeated)',
    csv: () => padded('firstName,lastName,email,', 'a b_c-'),
  },
  { name: `valid: ${people} people, padded with a notes column`, csv: () => validFile(people) },
];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The server's event-loop max delay since the last report (bench/loop-delay.ts, on SIGUSR2). */
async function loopDelay(s: ServerProcess): Promise<string> {
  const seen = (s.output().match(/event-loop max delay: [^\n]+/g) ?? []).length;
  process.kill(s.pid, 'SIGUSR2');
  for (let i = 0; i < 500; i++) {
    const lines = s.output().match(/event-loop max delay: [^\n]+/g) ?? [];
    if (lines.length > seen) return lines[lines.length - 1]!.slice('event-loop max delay: '.length);
    await sleep(10);
  }
  return 'no answer';
}

/**
 * GET /health every PROBE_EVERY_MS ms while `running()`: each one's latency (failed ones too), and
 * why those failed.
 */
async function probeWhile(
  url: string,
  running: () => boolean,
): Promise<{ latencies: number[]; failed: string[] }> {
  const latencies: number[] = [];
  const failed: string[] = [];
  while (running()) {
    const started = performance.now();
    try {
      const res = await fetch(`${url}/health`);
      await res.arrayBuffer();
      if (res.status !== 200) failed.push(`status ${res.status}`);
    } catch (err) {
      failed.push(err instanceof Error ? String(err.cause ?? err.message) : String(err));
    }
    latencies.push(performance.now() - started);
    await sleep(PROBE_EVERY_MS);
  }
  return { latencies, failed };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'invitations-bench-csv-'));
  const fake = await startResendFake();
  let server: ServerProcess | undefined;
  try {
    const seeded = await seedDatabase(join(dir, 'csv.db'), {
      invitations: 0,
      members: 0,
      applications: 0,
    });
    server = await startProduct({
      dbFile: seeded.file,
      resendUrl: fake.url,
      tokenSecret: randomBytes(32).toString('base64url'),
      preload: ['./bench/loop-delay.ts'],
    });
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: OWNER.email, password: OWNER.password }),
    });
    const { token } = (await login.json()) as { token: string };
    console.log(
      `server ${server.url}, pid ${server.pid}; /health probed every ${PROBE_EVERY_MS} ms on its own connection`,
    );
    for (const file of FILES.filter((f) => f.name.includes(only))) {
      const csv = file.csv();
      await sleep(200);
      await loopDelay(server); // starts the histogram over
      let running = true;
      const probes = probeWhile(server.url, () => running);
      const started = performance.now();
      let answer: { status: number | string; body: string };
      try {
        const res = await fetch(`${server.url}/api/orgs/${seeded.orgId}/members/import`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
          body: csv,
        });
        answer = { status: res.status, body: await res.text() };
      } catch (err) {
        answer = {
          status: 'failed',
          body: err instanceof Error ? String(err.cause ?? err.message) : String(err),
        };
      } finally {
        running = false;
      }
      const { status, body } = answer;
      const ms = performance.now() - started;
      const { latencies, failed } = await probes;
      latencies.sort((a, b) => a - b);
      const delay = await loopDelay(server);
      const summary =
        body.length > 200
          ? `${body.slice(0, 120)}… (${(body.length / 1024 / 1024).toFixed(1)} MiB)`
          : body;
      console.log(`\n${file.name} (${(csv.length / 1024 / 1024).toFixed(2)} MiB)`);
      console.log(`  import: ${status} in ${Math.round(ms)} ms: ${summary}`);
      console.log(
        `  /health: ${latencies.length} probes, worst ${latencies.at(-1)?.toFixed(1)} ms, median ${latencies[Math.floor(latencies.length / 2)]?.toFixed(1)} ms${failed.length ? `; ${failed.length} failed (${failed[0]})` : ''}`,
      );
      console.log(`  event-loop max delay: ${delay}`);
    }
  } finally {
    await server?.stop();
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
