/**
 * `npm run bench` (`--quick` for a smaller, shorter run; `--profile` to profile every figure;
 * `--out <file>`).
 *
 * Seeds two databases (an organization at 10 000 and one at 1 000 000 invitations), then for each
 * runs the floor (bench/floor-server.ts) and the product's real Node entry as child processes on
 * 127.0.0.1, loads them with autocannon (10 connections, a fixed time, after a warm-up), sends bulk
 * invitations through the local Resend fake, profiles whatever misses a target, and writes
 * docs/BENCHMARKS.md. Loopback only; every load is bounded in time; every process it starts, it
 * stops.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir, totalmem, type } from 'node:os';
import { join } from 'node:path';
import { startResendFake } from '../test/fakes/resend-fake';
import { Figures, specOf } from './figures';
import { judge } from './judge';
import { benchOptions } from './options';
import { bulk, mailSettles, makeLinks, signIn } from './product-api';
import { profileRuns } from './profile-runs';
import { renderReport } from './report';
import type { RunData } from './report-data';
import { scenarios } from './scenarios';
import { seedDatabase, type Seeded, type SeedSpec } from './seed';
import { Servers } from './servers';

const { args, quick, profileAll, out, config } = benchOptions(process.argv.slice(2));

const dir = mkdtempSync(join(tmpdir(), 'invitations-bench-'));
const tokenSecret = randomBytes(32).toString('base64url');
const started = Date.now();
const log = (line: string) =>
  console.log(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);
const servers = new Servers(tokenSecret);
const spec = specOf(config);
const figures = new Figures(log);

/**
 * In docs/BENCHMARKS.md, what follows this line is not this run's (e.g. `npm run bench:csv`'s
 * section) and is kept.
 */
const KEPT =
  '<!-- Below: sections of other benchmarks (npm run bench:csv …); npm run bench keeps them as they are. -->';
const keptSections = (file: string) => {
  const old = existsSync(file) ? readFileSync(file, 'utf8') : '';
  return old.includes(KEPT) ? `\n${old.slice(old.indexOf(KEPT))}` : '';
};

function machine() {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model ?? 'unknown',
    cores: cpu.length,
    memoryGiB: totalmem() / 1024 ** 3,
    node: process.version,
    os: `${type()} ${release()}`,
    loadBefore: loadavg(),
  };
}

async function main() {
  const info = machine();
  log(`${quick ? 'quick' : 'full'} run in ${dir}; ${info.cores} × ${info.cpu}, Node ${info.node}`);
  const fake = await startResendFake();
  try {
    const seeds: Record<'small' | 'big', Seeded> = {} as never;
    for (const size of ['small', 'big'] as const) {
      const s: SeedSpec = config[size];
      log(
        `seeding ${size}: ${s.invitations} invitations, ${s.members} members, ${s.applications} applications…`,
      );
      seeds[size] = await seedDatabase(join(dir, `${size}.db`), s);
      log(
        `  ${(seeds[size].ms.total / 1000).toFixed(1)} s, ${(seeds[size].bytes / 1024 ** 2).toFixed(0)} MiB`,
      );
    }

    // The small organization: floor, then the product's reads.
    let fl = await servers.floor(seeds.small);
    await figures.runFloor('select-small', fl, spec(scenarios.floorSelect(seeds.small.orgId)));
    await servers.stop(fl);
    let s = await servers.product(seeds.small, fake);
    await figures.reads(s, await signIn(s, seeds.small), 'small', spec);
    await servers.stop(s);

    // The large organization: floor, the product's reads, then every write, the join flow and bulk
    // sending.
    fl = await servers.floor(seeds.big);
    await figures.runFloor('select-big', fl, spec(scenarios.floorSelect(seeds.big.orgId)));
    await figures.runFloor('insert-big', fl, spec(scenarios.floorInsert()));
    await servers.stop(fl);
    s = await servers.product(seeds.big, fake);
    const session = await signIn(s, seeds.big);
    await figures.reads(s, session, 'big', spec);
    await figures.run(
      {
        id: 'create-link',
        label: 'Create a general link',
        kind: 'write',
        size: 'big',
        floor: 'insert-big',
      },
      s,
      spec(scenarios.createLink(session)),
    );
    await figures.run(
      {
        id: 'create-invitation',
        label: 'Create a personal invitation (+ outbox, delivered)',
        kind: 'write',
        size: 'big',
        floor: 'insert-big',
      },
      s,
      spec(scenarios.createInvitation(session)),
    );
    await mailSettles(fake);
    const [pageLink, ...applyLinks] = await makeLinks(s, session, config.applyLinks + 1);
    await figures.run(
      {
        id: 'join-page',
        label: 'Join page (GET /join/:token)',
        kind: 'read',
        size: 'big',
        floor: 'select-big',
      },
      s,
      spec(scenarios.joinPage(pageLink!)),
    );
    await figures.run(
      {
        id: 'apply',
        label: 'Apply (POST /api/join/:token)',
        kind: 'write',
        size: 'big',
        floor: 'insert-big',
      },
      s,
      spec(scenarios.apply(applyLinks)),
    );
    log(`bulk "send invitation" to ${config.bulk} users…`);
    const bulkResult = await bulk(s, session, fake, seeds.big.memberIds.slice(0, config.bulk));
    log(
      `  queued in ${bulkResult.queueMs} ms; ${bulkResult.delivered} delivered in ${bulkResult.drainMs} ms through ${bulkResult.batchRequests} batch requests`,
    );
    await servers.stop(s);

    // Profiles of whatever missed a target (or of everything with --profile).
    const targets = judge(figures.rows, figures.floors, config.connections, bulkResult);
    const missed = new Set(targets.filter((t) => !t.met).map((t) => t.figureId));
    const profiles = await profileRuns(
      { servers, fake, seeds, config, spec, dir, log },
      figures.rows.filter((x) => profileAll || missed.has(x.id)),
      profileAll || missed.has('bulk'),
    );

    const data: RunData = {
      quick,
      command: `npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}`,
      date: new Date(started).toISOString(),
      durationSeconds: (Date.now() - started) / 1000,
      machine: { ...info, loadAfter: loadavg() },
      config,
      seeds: { small: seeds.small, big: seeds.big },
      figures: figures.rows,
      floors: figures.floors,
      bulk: bulkResult,
      targets,
      profiles,
    };
    writeFileSync(out, renderReport(data) + keptSections(out));
    log(`wrote ${out}`);
  } finally {
    await servers.stopAll();
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
