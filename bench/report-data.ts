/**
 * The numbers one run of `npm run bench` (bench/run.ts) gathers, as bench/report.ts renders them, and
 * the targets they are judged by.
 */
import type { Figure } from './load';
import type { ProfileSummary } from './profile';
import type { Seeded } from './seed';

export interface FigureRow {
  id: string;
  label: string;
  kind: 'read' | 'write';
  size: 'small' | 'big';
  /** The floor this figure is compared with: `select-small`, `select-big` or `insert-big`. */
  floor: string;
  figure: Figure;
}

export interface BulkResult {
  users: number;
  queued: number;
  /** From sending the request until the 202. */
  queueMs: number;
  delivered: number;
  /** From the 202 until the last message reached the Resend fake. */
  drainMs: number;
  totalMs: number;
  batchRequests: number;
  failedBatchRequests: number;
  peakRss: number | null;
}

export interface TargetRow {
  target: string;
  figureId: string;
  what: string;
  value: string;
  met: boolean;
}

export interface RunData {
  quick: boolean;
  command: string;
  date: string;
  durationSeconds: number;
  machine: {
    cpu: string;
    cores: number;
    memoryGiB: number;
    node: string;
    os: string;
    loadBefore: number[];
    loadAfter: number[];
  };
  config: {
    seconds: number;
    warmupSeconds: number;
    connections: number;
    bulk: number;
    applyLinks: number;
    profileSeconds: number;
  };
  seeds: { small: Seeded; big: Seeded };
  figures: FigureRow[];
  floors: Record<string, Figure>;
  bulk: BulkResult;
  targets: TargetRow[];
  profiles: { id: string; label: string; summary: ProfileSummary }[];
}

/** The targets. */
export const TARGETS = { floorShare: 0.5, p99Ms: 25, scale: 1.5, bulkQueueMs: 3000 };
