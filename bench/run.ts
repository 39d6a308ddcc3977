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
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir, totalmem, type } from 'node:os';
import { join } from 'node:path';
import { startResendFake, type ResendFake } from '../test/fakes/resend-fake';
import { measure, type Figure, type LoadSpec } from './load';
import { profileIn, summarizeProfile, type ProfileSummary } from './profile';
import {
  renderReport,
  TARGETS,
  type BulkResult,
  type FigureRow,
  type RunData,
  type TargetRow,
} from './report';
import { scenarios, type Session } from './scenarios';
import { OWNER, seedDatabase, type Seeded, type SeedSpec } from './seed';
import { ROOT, startFloor, startProduct, type ServerProcess } from './server';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const profileAll = args.includes('--profile');
const outArg = args.indexOf('--out');
const out =
  outArg >= 0
    ? args[outArg + 1]!
    : quick
      ? join(tmpdir(), 'BENCHMARKS.quick.md')
      : join(ROOT, 'docs', 'BENCHMARKS.md');

const config = quick
  ? {
      small: { invitations: 10_000, members: 1_000, applications: 1_000 },
      big: { invitations: 100_000, members: 10_000, applications: 10_000 },
      seconds: 2,
      warmupSeconds: 0.5,
      connections: 10,
      bulk: 2_000,
      applyLinks: 50,
      profileSeconds: 2,
    }
  : {
      small: { invitations: 10_000, members: 10_000, applications: 10_000 },
      big: { invitations: 1_000_000, members: 100_000, applications: 100_000 },
      seconds: 5,
      warmupSeconds: 1,
      connections: 10,
      bulk: 10_000,
      applyLinks: 100,
      profileSeconds: 4,
    };

const dir = mkdtempSync(join(tmpdir(), 'invitations-bench-'));
const tokenSecret = randomBytes(32).toString('base64url');
const started = Date.now();
const log = (line: string) =>
  console.log(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);
const running = new Set<ServerProcess>();

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

const spec = (
  requests: LoadSpec['requests'],
  seconds = config.seconds,
  warmupSeconds = config.warmupSeconds,
): LoadSpec => ({ requests, connections: config.connections, seconds, warmupSeconds });

async function product(
  db: Seeded,
  fake: ResendFake,
  cpuProfileDir?: string,
): Promise<ServerProcess> {
  const s = await startProduct({
    dbFile: db.file,
    resendUrl: fake.url,
    tokenSecret,
    cpuProfileDir,
  });
  running.add(s);
  return s;
}

async function floor(db: Seeded): Promise<ServerProcess> {
  const s = await startFloor(db.file);
  running.add(s);
  return s;
}

async function stop(s: ServerProcess) {
  await s.stop();
  running.delete(s);
}

async function call(url: string, method: string, path: string, body?: unknown, token?: string) {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as Record<string, unknown>;
}

async function signIn(s: ServerProcess, db: Seeded): Promise<Session> {
  const res = await call(s.url, 'POST', '/api/auth/login', {
    email: OWNER.email,
    password: OWNER.password,
  });
  return { orgId: db.orgId, token: res.token as string };
}

/**
 * Resolves once the fake has seen no new message for `quietMs` (the drainer finished what load left
 * queued).
 */
async function mailSettles(fake: ResendFake, quietMs = 1500, timeoutMs = 120_000) {
  const until = Date.now() + timeoutMs;
  let last = fake.sent.length;
  let since = Date.now();
  while (Date.now() < until) {
    await new Promise((r) => setTimeout(r, 100));
    if (fake.sent.length !== last) {
      last = fake.sent.length;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) return;
  }
}

const figures: FigureRow[] = [];
const floors: Record<string, Figure> = {};

async function run(row: Omit<FigureRow, 'figure'>, server: ServerProcess, load: LoadSpec) {
  log(`${row.label} (${row.size})…`);
  const figure = await measure(server, load);
  log(
    `  ${figure.requestsPerSecond.toFixed(0)} req/s, p50 ${figure.p50.toFixed(2)} ms, p99 ${figure.p99.toFixed(2)} ms, non-2xx ${figure.non2xx}, errors ${figure.errors}`,
  );
  figures.push({ ...row, figure });
  return figure;
}

async function runFloor(key: string, server: ServerProcess, load: LoadSpec) {
  log(`floor ${key}…`);
  const f = await measure(server, load);
  log(
    `  ${f.requestsPerSecond.toFixed(0)} req/s, p50 ${f.p50.toFixed(2)} ms, p99 ${f.p99.toFixed(2)} ms`,
  );
  floors[key] = f;
}

/** The reads of one database: both lists (and the member list), and the quick query. */
async function reads(s: ServerProcess, session: Session, size: 'small' | 'big') {
  const floorKey = `select-${size}`;
  await run(
    {
      id: `list-invitations-${size}`,
      label: 'List 50 pending invitations',
      kind: 'read',
      size,
      floor: floorKey,
    },
    s,
    spec(scenarios.listInvitations(session)),
  );
  await run(
    {
      id: `list-applications-${size}`,
      label: 'List 50 pending applications',
      kind: 'read',
      size,
      floor: floorKey,
    },
    s,
    spec(scenarios.listApplications(session)),
  );
  await run(
    {
      id: `list-members-${size}`,
      label: 'List 50 pending members',
      kind: 'read',
      size,
      floor: floorKey,
    },
    s,
    spec(scenarios.listMembers(session)),
  );
  await run(
    {
      id: `search-${size}`,
      label: 'Quick query by name prefix',
      kind: 'read',
      size,
      floor: floorKey,
    },
    s,
    spec(scenarios.search(session)),
  );
}

async function makeLinks(s: ServerProcess, session: Session, n: number): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < n; i++) {
    const link = await call(
      s.url,
      'POST',
      `/api/orgs/${session.orgId}/links`,
      { expiresInHours: 24, requiresApproval: true },
      session.token,
    );
    tokens.push(String(link.url).split('/join/')[1]!);
  }
  return tokens;
}

async function bulk(
  s: ServerProcess,
  session: Session,
  fake: ResendFake,
  userIds: string[],
): Promise<BulkResult> {
  await mailSettles(fake);
  const sentBefore = fake.sent.length;
  const requestsBefore = fake.requests.length;
  s.resetPeakRss();
  const t0 = Date.now();
  const res = await call(
    s.url,
    'POST',
    `/api/orgs/${session.orgId}/members/invite`,
    { userIds, channel: 'email' },
    session.token,
  );
  const queuedAt = Date.now();
  const until = Date.now() + 300_000;
  while (fake.sent.length - sentBefore < userIds.length && Date.now() < until)
    await new Promise((r) => setTimeout(r, 20));
  const delivered = fake.sent.length - sentBefore;
  const lastAt = fake.sent.at(-1)?.at.getTime() ?? Date.now();
  const batches = fake.requests.slice(requestsBefore).filter((r) => r.path === '/emails/batch');
  return {
    users: userIds.length,
    queued: Number(res.queued),
    queueMs: queuedAt - t0,
    delivered,
    drainMs: lastAt - queuedAt,
    totalMs: lastAt - t0,
    batchRequests: batches.length,
    failedBatchRequests: batches.filter((r) => r.status !== 200).length,
    peakRss: s.peakRss(),
  };
}

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

/** Which figures missed which target. */
function judge(bulkResult: BulkResult): TargetRow[] {
  const rows: TargetRow[] = [];
  const floorOf = (f: FigureRow) => floors[f.floor]!;
  for (const f of figures) {
    rows.push({
      target: `p99 < ${TARGETS.p99Ms} ms at ${config.connections} connections`,
      figureId: f.id,
      what: `${f.label} (${f.size})`,
      value: `${f.figure.p99.toFixed(1)} ms`,
      met: f.figure.p99 < TARGETS.p99Ms,
    });
  }
  for (const f of figures.filter(
    (x) =>
      ['create-link', 'create-invitation'].includes(x.id) ||
      x.id.startsWith('list-invitations') ||
      x.id.startsWith('list-applications'),
  )) {
    const share = f.figure.requestsPerSecond / floorOf(f).requestsPerSecond;
    rows.push({
      target: `≥ ${TARGETS.floorShare * 100} % of the floor's requests/s`,
      figureId: f.id,
      what: `${f.label} (${f.size})`,
      value: `${(share * 100).toFixed(0)} %`,
      met: share >= TARGETS.floorShare,
    });
  }
  for (const id of ['list-invitations', 'list-applications', 'list-members', 'search']) {
    const small = figures.find((f) => f.id === `${id}-small`)!;
    const big = figures.find((f) => f.id === `${id}-big`)!;
    const ratio = big.figure.p50 / small.figure.p50;
    rows.push({
      target: `time at the large size within ${TARGETS.scale}× of the small (p50)`,
      figureId: big.id,
      what: big.label,
      value: `${ratio.toFixed(2)}×`,
      met: ratio <= TARGETS.scale,
    });
  }
  rows.push({
    target: `bulk queueing of ${bulkResult.users} users under ${TARGETS.bulkQueueMs / 1000} s`,
    figureId: 'bulk',
    what: 'Bulk "send invitation"',
    value: `${(bulkResult.queueMs / 1000).toFixed(2)} s`,
    met: bulkResult.queueMs < TARGETS.bulkQueueMs,
  });
  return rows;
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
    let fl = await floor(seeds.small);
    await runFloor('select-small', fl, spec(scenarios.floorSelect(seeds.small.orgId)));
    await stop(fl);
    let s = await product(seeds.small, fake);
    await reads(s, await signIn(s, seeds.small), 'small');
    await stop(s);

    // The large organization: floor, the product's reads, then every write, the join flow and bulk
    // sending.
    fl = await floor(seeds.big);
    await runFloor('select-big', fl, spec(scenarios.floorSelect(seeds.big.orgId)));
    await runFloor('insert-big', fl, spec(scenarios.floorInsert()));
    await stop(fl);
    s = await product(seeds.big, fake);
    const session = await signIn(s, seeds.big);
    await reads(s, session, 'big');
    await run(
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
    await run(
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
    await run(
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
    await run(
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
    await stop(s);

    // Profiles of whatever missed a target (or of everything with --profile).
    const targets = judge(bulkResult);
    const missed = new Set(targets.filter((t) => !t.met).map((t) => t.figureId));
    const profiles: { id: string; label: string; summary: ProfileSummary }[] = [];
    for (const f of figures.filter((x) => profileAll || missed.has(x.id))) {
      const profDir = join(dir, `profile-${f.id}`);
      mkdirSync(profDir);
      const db = seeds[f.size];
      const p = await product(db, fake, profDir);
      const ses = await signIn(p, db);
      const requests =
        f.id === 'join-page'
          ? scenarios.joinPage((await makeLinks(p, ses, 1))[0]!)
          : f.id === 'apply'
            ? scenarios.apply(await makeLinks(p, ses, config.applyLinks))
            : f.id === 'create-link'
              ? scenarios.createLink(ses)
              : f.id === 'create-invitation'
                ? scenarios.createInvitation(ses)
                : f.id.startsWith('list-invitations')
                  ? scenarios.listInvitations(ses)
                  : f.id.startsWith('list-applications')
                    ? scenarios.listApplications(ses)
                    : f.id.startsWith('list-members')
                      ? scenarios.listMembers(ses)
                      : scenarios.search(ses);
      log(`profiling ${f.label} (${f.size})…`);
      const startupMs = p.startupMs;
      await measure(p, spec(requests, config.profileSeconds, 0));
      await mailSettles(fake, 500);
      await stop(p);
      profiles.push({
        id: f.id,
        label: `${f.label} (${f.size})`,
        summary: summarizeProfile(profileIn(profDir), startupMs + 200),
      });
    }
    if (profileAll || missed.has('bulk')) {
      const profDir = join(dir, 'profile-bulk');
      mkdirSync(profDir);
      const p = await product(seeds.big, fake, profDir);
      log('profiling bulk "send invitation"…');
      await bulk(
        p,
        await signIn(p, seeds.big),
        fake,
        seeds.big.memberIds.slice(config.bulk, 2 * config.bulk),
      );
      await stop(p);
      profiles.push({
        id: 'bulk',
        label: `Bulk "send invitation" to ${config.bulk} users, queueing and delivery`,
        summary: summarizeProfile(profileIn(profDir), p.startupMs + 200),
      });
    }

    const data: RunData = {
      quick,
      command: `npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}`,
      date: new Date(started).toISOString(),
      durationSeconds: (Date.now() - started) / 1000,
      machine: { ...info, loadAfter: loadavg() },
      config,
      seeds: { small: seeds.small, big: seeds.big },
      figures,
      floors,
      bulk: bulkResult,
      targets,
      profiles,
    };
    writeFileSync(out, renderReport(data) + keptSections(out));
    log(`wrote ${out}`);
  } finally {
    for (const s of running) await s.stop().catch(() => {});
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
