/**
 * `npm start`: first what can be checked in a moment — `--help`, the settings, whether the port is
 * free — then the extension build, then the server (worker/src/entry/node.ts) in this same process.
 * A taken port is one line and exit code 1 before the build starts, not a stack trace after it:
 *
 *   Port 8787 is already in use. Start on another port: PORT=8790 npm start
 *
 * `--no-build` skips the extension build (the tests use it).
 */
import { spawnSync } from 'node:child_process';
import { parseEnv } from '../worker/src/config';
import { nodeHelp } from '../worker/src/entry/node-help';
import { preflightListen } from '../worker/src/entry/node-port';

async function main(): Promise<number | null> {
  if (process.argv.includes('--help')) {
    console.log(nodeHelp());
    return 0;
  }
  const env = parseEnv(process.env);
  const problem = await preflightListen(env.HOST, env.PORT);
  if (problem) {
    console.error(problem);
    return 1;
  }
  if (!process.argv.includes('--no-build')) {
    // npm_execpath: the npm that runs `npm start`, so the build uses the same one.
    const npm = process.env.npm_execpath;
    const built = npm
      ? spawnSync(process.execPath, [npm, 'run', 'build:extension'], { stdio: 'inherit' })
      : spawnSync('npm', ['run', 'build:extension'], { stdio: 'inherit', shell: true });
    if (built.status !== 0) return built.status ?? 1;
  }
  await import('../worker/src/entry/node');
  return null;
}

main().then(
  (code) => {
    if (code !== null) process.exit(code);
  },
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
