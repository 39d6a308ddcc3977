/**
 * The figures of one bench run: each load measured against a server (bench/load.ts), logged and
 * kept for the report, the floors' figures by key, and the reads every organization size gets.
 */
import { measure, type Figure, type LoadSpec } from './load';
import type { BenchConfig } from './options';
import type { FigureRow } from './report-data';
import { scenarios, type Session } from './scenarios';
import type { ServerProcess } from './server';

/** A load of `requests` with the run's connections, for `seconds` after a warm-up. */
export type SpecOf = (
  requests: LoadSpec['requests'],
  seconds?: number,
  warmupSeconds?: number,
) => LoadSpec;

export const specOf =
  (config: BenchConfig): SpecOf =>
  (requests, seconds = config.seconds, warmupSeconds = config.warmupSeconds) => ({
    requests,
    connections: config.connections,
    seconds,
    warmupSeconds,
  });

export class Figures {
  readonly rows: FigureRow[] = [];
  readonly floors: Record<string, Figure> = {};

  constructor(private readonly log: (line: string) => void) {}

  async run(row: Omit<FigureRow, 'figure'>, server: ServerProcess, load: LoadSpec) {
    this.log(`${row.label} (${row.size})…`);
    const figure = await measure(server, load);
    this.log(
      `  ${figure.requestsPerSecond.toFixed(0)} req/s, p50 ${figure.p50.toFixed(2)} ms, p99 ${figure.p99.toFixed(2)} ms, non-2xx ${figure.non2xx}, errors ${figure.errors}`,
    );
    this.rows.push({ ...row, figure });
    return figure;
  }

  async runFloor(key: string, server: ServerProcess, load: LoadSpec) {
    this.log(`floor ${key}…`);
    const f = await measure(server, load);
    this.log(
      `  ${f.requestsPerSecond.toFixed(0)} req/s, p50 ${f.p50.toFixed(2)} ms, p99 ${f.p99.toFixed(2)} ms`,
    );
    this.floors[key] = f;
  }

  /** The reads of one database: both lists (and the member list), and the quick query. */
  async reads(s: ServerProcess, session: Session, size: 'small' | 'big', spec: SpecOf) {
    const floorKey = `select-${size}`;
    await this.run(
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
    await this.run(
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
    await this.run(
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
    await this.run(
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
}
