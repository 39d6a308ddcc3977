/**
 * The real local-mode server as a child process (`worker/src/entry/node.ts` under tsx), on a free
 * port, for tests that restart or kill it. Unless the test sets them, PORT is a port free on
 * 127.0.0.1 and PUBLIC_URL is `http://127.0.0.1:<PORT>`, the address `url` answers on, so the
 * server's Host check accepts the test's requests in local mode and outside it alike.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The backend's tsconfig (hono/jsx for the hosted pages); the root one is the extension's. */
const WORKER_TSCONFIG = 'worker/tsconfig.json';

export interface ServerProcess {
  url: string;
  output: () => string;
  child: ChildProcess;
  /** Stops it (SIGTERM, or SIGKILL to simulate a crash) and waits until it is gone. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** A port nothing listens on at 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

export async function startServerProcess(
  env: Record<string, string>,
  timeoutMs = 30_000,
): Promise<ServerProcess> {
  const chosen = env.PORT ?? String(await freePort());
  const child = spawn(process.execPath, ['--import', 'tsx', 'worker/src/entry/node.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      HOST: '127.0.0.1',
      TSX_TSCONFIG_PATH: WORKER_TSCONFIG,
      PUBLIC_URL: `http://127.0.0.1:${chosen}`,
      ...env,
      PORT: chosen,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), timeoutMs);
    const check = () => {
      const m = /listening on [^:]+:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    output: () => out,
    child,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/**
 * Runs the entry (or `entry`, another script of the repository such as scripts/start.ts) to
 * completion (for configuration errors and --help) and answers its exit code and output.
 */
export function runServerToExit(
  env: Record<string, string>,
  args: string[] = [],
  entry = 'worker/src/entry/node.ts',
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        PORT: '0',
        TSX_TSCONFIG_PATH: WORKER_TSCONFIG,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('exit', (code) => resolve({ code, output }));
  });
}
