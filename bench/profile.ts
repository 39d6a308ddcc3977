/**
 * Where the server's time goes: a V8 CPU profile (`node --cpu-prof`, written when the server exits)
 * summarized as the functions with the most self time and the packages or product files that time
 * belongs to. Samples from the server's start-up (module loading, migrations) are left out.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT } from './server';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  /** Sampled time after start-up, idle included, in ms. */
  sampledMs: number;
  /** Share of that time the server was busy (not idle). */
  busyShare: number;
  /** Functions by self time, as a share of busy time. */
  frames: { name: string; where: string; share: number }[];
  /** Packages, product files and engine work by self time, as a share of busy time. */
  areas: { area: string; share: number }[];
}

function where(url: string, line: number): string {
  if (!url) return '';
  const path = url.startsWith('file://') ? new URL(url).pathname : url;
  const rel = path.startsWith(ROOT) ? relative(ROOT, path) : path;
  // tsx compiles the product's TypeScript on the fly, so its line numbers are not the source's.
  return /\.tsx?$/.test(rel) ? rel : `${rel}:${line + 1}`;
}

function areaOf(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (!url) return functionName.startsWith('(') ? functionName : 'native / V8 built-ins';
  const path = url.startsWith('file://') ? new URL(url).pathname : url;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (pkg) return pkg[1]!;
  if (path.startsWith('node:')) return 'node internals';
  if (path.startsWith(ROOT)) return relative(ROOT, path);
  return path;
}

export function summarizeProfile(file: string, skipFirstMs: number, top = 12): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let t = 0;
  let sampled = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i] ?? 0;
    t += dt;
    if (t / 1000 < skipFirstMs) continue;
    const next = profile.timeDeltas[i + 1] ?? dt;
    self.set(profile.samples[i]!, (self.get(profile.samples[i]!) ?? 0) + next);
    sampled += next;
  }
  const frames = new Map<string, { name: string; where: string; us: number }>();
  const areas = new Map<string, number>();
  let idle = 0;
  for (const [id, us] of self) {
    const frame = byId.get(id)!.callFrame;
    if (frame.functionName === '(idle)') {
      idle += us;
      continue;
    }
    const name = frame.functionName || '(anonymous)';
    const key = `${name}@${frame.url}:${frame.lineNumber}`;
    const entry = frames.get(key) ?? { name, where: where(frame.url, frame.lineNumber), us: 0 };
    entry.us += us;
    frames.set(key, entry);
    const area = areaOf(frame);
    areas.set(area, (areas.get(area) ?? 0) + us);
  }
  const busy = Math.max(1, sampled - idle);
  return {
    sampledMs: sampled / 1000,
    busyShare: busy / Math.max(1, sampled),
    frames: [...frames.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map((f) => ({ name: f.name, where: f.where, share: f.us / busy })),
    areas: [...areas]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 10)
      .map(([area, us]) => ({ area, share: us / busy })),
  };
}

/**
 * The main thread's profile a server wrote into `dir`
 * (`CPU.<date>.<time>.<pid>.<thread>.<n>.cpuprofile`; tsx's loader thread writes one too).
 */
export function profileIn(dir: string): string {
  const main = readdirSync(dir).filter((f) => /\.\d+\.0\.\d+\.cpuprofile$/.test(f));
  if (main.length === 0) throw new Error(`no main-thread CPU profile in ${dir}`);
  return join(dir, main.sort().at(-1)!);
}
