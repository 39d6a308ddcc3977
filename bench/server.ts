/**
 * Servers under test as child processes on 127.0.0.1: the product's real Node entry
 * (`worker/src/entry/node.ts` under tsx, as `npm start` runs it) on a free port chosen first, and
 * the floor (bench/floor-server.ts) on port 0. Their output is kept only in a short tail, and their
 * peak resident memory is read from /proc/<pid>/status (VmHWM), reset between figures through
 * /proc/<pid>/clear_refs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freePort } from '../test/helpers/server-process';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TAIL = 64 * 1024;

export interface ServerProcess {
  url: string;
  pid: number;
  /** From spawn until it listened. */
  startupMs: number;
  /** The last 64 KiB of its output. */
  output(): string;
  /** Forgets the peak resident memory so far (Linux); false where that is not possible. */
  resetPeakRss(): boolean;
  /**
   * Peak resident memory since the start or the last reset, in bytes (VmHWM), or null off Linux.
   */
  peakRss(): number | null;
  /** CPU time the process has used (user + system), in ms, or null off Linux. */
  cpuMs(): number | null;
  /** SIGTERM, and wait until it is gone (SIGKILL after `graceMs`). */
  stop(graceMs?: number): Promise<void>;
}

function procStatus(pid: number, field: string): number | null {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(
      readFileSync(`/proc/${pid}/status`, 'utf8'),
    );
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** utime + stime from /proc/<pid>/stat (fields 14 and 15, in clock ticks of 10 ms). */
function procCpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

async function spawnServer(
  args: string[],
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<ServerProcess> {
  const spawned = performance.now();
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      PORT: '0',
      HOST: '127.0.0.1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (d: Buffer) => {
    out += d.toString();
    if (out.length > 2 * TAIL) out = out.slice(-TAIL);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not start in ${timeoutMs} ms:\n${out}`)),
      timeoutMs,
    );
    const check = () => {
      const m = /listening on [^:\s]+:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        child.stdout!.off('data', check);
        resolve(Number(m[1]));
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
  const pid = child.pid!;
  return {
    url: `http://127.0.0.1:${port}`,
    pid,
    startupMs: performance.now() - spawned,
    output: () => out.slice(-TAIL),
    resetPeakRss() {
      try {
        writeFileSync(`/proc/${pid}/clear_refs`, '5');
        return true;
      } catch {
        return false;
      }
    },
    peakRss: () => procStatus(pid, 'VmHWM'),
    cpuMs: () => procCpuMs(pid),
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

export interface ProductOptions {
  dbFile: string;
  /** The Resend fake; mail goes through its batch endpoint. */
  resendUrl: string;
  tokenSecret: string;
  /** Write a V8 CPU profile into this folder when the server exits. */
  cpuProfileDir?: string;
  /** Modules loaded before the entry (`--import`, after tsx), e.g. bench/loop-delay.ts. */
  preload?: string[];
}

/**
 * The product's Node entry as `npm start` runs it (tsx with the backend's tsconfig), on its own
 * database. Its port is chosen first so that PUBLIC_URL is the address the load is sent to: with a
 * provider configured the server answers only PUBLIC_URL's host (worker/src/http/middleware/host.ts).
 */
export async function startProduct(o: ProductOptions): Promise<ServerProcess> {
  const prof = o.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${o.cpuProfileDir}`] : [];
  const port = await freePort();
  const preload = (o.preload ?? []).flatMap((m) => ['--import', m]);
  return spawnServer([...prof, '--import', 'tsx', ...preload, 'worker/src/entry/node.ts'], {
    TSX_TSCONFIG_PATH: 'worker/tsconfig.json',
    DATABASE_URL: `file:${o.dbFile}`,
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    TOKEN_SECRET: o.tokenSecret,
    RESEND_API_KEY: 're_bench',
    MAIL_FROM: 'Invitations <invitations@bench.test>',
    RESEND_BASE_URL: o.resendUrl,
    // The bench stands in for a reverse proxy: each simulated visitor's address arrives in
    // X-Forwarded-For.
    TRUST_PROXY: '1',
    // The bulk send and the joins are measured at scale, past the default quota of one
    // organization.
    ORG_MESSAGES_PER_HOUR: '1000000',
    ORG_MESSAGES_PER_DAY: '1000000',
  });
}

/** The floor: a bare Hono route on the same database file (bench/floor-server.ts). */
export function startFloor(dbFile: string): Promise<ServerProcess> {
  return spawnServer(['--import', 'tsx', 'bench/floor-server.ts'], {
    DATABASE_URL: `file:${dbFile}`,
  });
}
