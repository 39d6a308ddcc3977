/** Which figures of a bench run missed which of the targets (bench/report-data.ts TARGETS). */
import type { Figure } from './load';
import { TARGETS, type BulkResult, type FigureRow, type TargetRow } from './report-data';

export function judge(
  figures: FigureRow[],
  floors: Record<string, Figure>,
  connections: number,
  bulkResult: BulkResult,
): TargetRow[] {
  const rows: TargetRow[] = [];
  const floorOf = (f: FigureRow) => floors[f.floor]!;
  for (const f of figures) {
    rows.push({
      target: `p99 < ${TARGETS.p99Ms} ms at ${connections} connections`,
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
