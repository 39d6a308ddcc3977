/**
 * The parts of docs/BENCHMARKS.md that bench/report.ts renders from smaller pieces: number formats,
 * size and floor labels, a row of the results table, a profile's section and the summary.
 */
import type { Figure } from './load';
import { TARGETS, type RunData, type TargetRow } from './report-data';

export const n = (v: number) => Math.round(v).toLocaleString('en-US').replace(/,/g, ' ');
export const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
export const mib = (b: number | null) => (b === null ? 'n/a' : (b / 1024 ** 2).toFixed(0));
export const times = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
const pct = (a: number, b: number) => `${((a / b) * 100).toFixed(0)} %`;
const rssTimes = (a: number | null, b: number | null) =>
  a === null || b === null ? 'n/a' : times(a, b);
export const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' / ');

const FLOOR_LABEL: Record<string, string> = {
  'select-small': 'Floor: indexed SELECT … LIMIT 50 (10 000 rows)',
  'select-big': 'Floor: indexed SELECT … LIMIT 50 (1 000 000 rows)',
  'insert-big': 'Floor: INSERT of a hashed random token',
};

export function sizeLabel(d: RunData, size: 'small' | 'big') {
  const s = d.seeds[size].spec;
  return `${n(s.invitations)} inv. / ${n(s.members)} members`;
}

export function floorLabel(d: RunData, key: string) {
  const size = key.endsWith('small') ? 'small' : 'big';
  return FLOOR_LABEL[key]!.replace(
    /\(.*rows\)/,
    `(${n(d.seeds[size].spec.invitations)} invitations)`,
  );
}

export function figureRow(label: string, size: string, f: Figure, floor: Figure | null) {
  const cells = [
    label,
    size,
    n(f.requestsPerSecond),
    floor ? pct(f.requestsPerSecond, floor.requestsPerSecond) : '—',
    ms(f.p50),
    floor ? times(f.p50, floor.p50) : '—',
    ms(f.p99),
    floor ? times(f.p99, floor.p99) : '—',
    String(f.errors),
    f.non2xx === 0
      ? '0'
      : `${f.non2xx} (${Object.entries(f.otherStatuses)
          .map(([c, k]) => `${k}× ${c}`)
          .join(', ')})`,
    mib(f.peakRss),
    floor ? rssTimes(f.peakRss, floor.peakRss) : '—',
    f.cpuMsPerRequest === null ? 'n/a' : f.cpuMsPerRequest.toFixed(2),
    floor ? rssTimes(f.cpuMsPerRequest, floor.cpuMsPerRequest) : '—',
  ];
  return `| ${cells.join(' | ')} |`;
}

export function profileSection(d: RunData, p: RunData['profiles'][number]) {
  const s = p.summary;
  const cpu = d.figures.find((f) => f.id === p.id)?.figure.cpuMsPerRequest ?? null;
  const perRequest = (share: number) => (cpu === null ? '' : ` (${(share * cpu).toFixed(2)} ms)`);
  const lines = [
    `### ${p.label}`,
    '',
    `${s.sampledMs.toFixed(0)} ms sampled under load, the server busy ${(s.busyShare * 100).toFixed(0)} % of it. Self time, as a share of busy time:`,
    '',
    '| function | where | self |',
    '| --- | --- | --- |',
    ...s.frames.map(
      (f) =>
        `| \`${f.name}\` | ${f.where ? `\`${f.where}\`` : ''} | ${(f.share * 100).toFixed(1)} % |`,
    ),
    '',
    (cpu === null
      ? 'By package or file: '
      : `By package or file, with roughly the CPU time per request it stands for (share × the ${cpu.toFixed(2)} ms of the measured figure; the shares are of sampled busy time, which includes waiting in fsync): `) +
      s.areas
        .map((a) => `${a.area} ${(a.share * 100).toFixed(0)} %${perRequest(a.share)}`)
        .join(', ') +
      '.',
    '',
  ];
  return lines.join('\n');
}

/** One line per kind of target: how many checks met it, and why the others did not. */
export function summary(d: RunData): string[] {
  const group = (prefix: string) => d.targets.filter((t) => t.target.startsWith(prefix));
  const line = (rows: TargetRow[], what: string, why: string) => {
    const met = rows.filter((t) => t.met).length;
    return `- **${what}**: ${met} of ${rows.length} met${met < rows.length ? `. ${why}` : '.'}`;
  };
  return [
    line(
      group('time at the large size'),
      `Cost against size (lists and quick query at ${n(d.seeds.big.spec.invitations)} invitations within ${TARGETS.scale}× of ${n(d.seeds.small.spec.invitations)})`,
      'See "Cost against size".',
    ),
    line(
      group('bulk queueing'),
      `Bulk "send invitation" queued in under ${TARGETS.bulkQueueMs / 1000} s`,
      'See the bulk section.',
    ),
    line(
      group('≥'),
      `Create and list at ≥ ${TARGETS.floorShare * 100} % of the floor's requests/s`,
      'The floor runs one statement and nothing else; a signed-in request finds its session and membership in one statement, which a list sends in one batch (one transaction) with its page, whose rows carry what they refer to as subqueries; a create checks, then writes its row with its audit event (and its outbox message) in one transaction; and every statement pays for drizzle building it and libSQL compiling it afresh. On the local file a round trip costs nothing, so these figures measure CPU, not round trips (`npm run bench:roundtrips` counts those). "Server CPU ms/req" and the profiles below show where it goes.',
    ),
    line(
      group('p99'),
      `p99 under ${TARGETS.p99Ms} ms at ${d.config.connections} connections`,
      `With ${d.config.connections} connections always waiting on one single-threaded server, latency is about ${d.config.connections} × the time per request (see "Latency at ${d.config.connections} connections" under Targets); the floor itself is near or over the line on this shared machine.`,
    ),
  ];
}
