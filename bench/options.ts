/**
 * The command line of `npm run bench` (bench/run.ts): `--quick` for smaller organizations and shorter
 * figures, `--profile` to profile every figure, `--out <file>` for where the report goes.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SeedSpec } from './seed';
import { ROOT } from './server';

export interface BenchConfig {
  small: SeedSpec;
  big: SeedSpec;
  seconds: number;
  warmupSeconds: number;
  connections: number;
  bulk: number;
  applyLinks: number;
  profileSeconds: number;
}

export interface BenchOptions {
  args: string[];
  quick: boolean;
  profileAll: boolean;
  out: string;
  config: BenchConfig;
}

export function benchOptions(args: string[]): BenchOptions {
  const quick = args.includes('--quick');
  const profileAll = args.includes('--profile');
  const outArg = args.indexOf('--out');
  const out =
    outArg >= 0
      ? args[outArg + 1]!
      : quick
        ? join(tmpdir(), 'BENCHMARKS.quick.md')
        : join(ROOT, 'docs', 'BENCHMARKS.md');

  const config: BenchConfig = quick
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
  return { args, quick, profileAll, out, config };
}
