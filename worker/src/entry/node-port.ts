/**
 * Whether the Node server can listen where it is configured to, and what to tell the operator when
 * it cannot: one line instead of an EADDRINUSE stack trace, both before `npm start` builds the
 * extension (scripts/start.ts) and when the server itself finds the port taken (node.ts).
 */
import { createServer } from 'node:net';

/** Listens on `host:port` for a moment: null when that works, else the error's code. */
export function tryListen(host: string, port: number): Promise<string | null> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve(null)));
  });
}

/** The first port after `port` that is free on `host` (tries 20), or `port + 3` if none is. */
async function nextFreePort(host: string, port: number): Promise<number> {
  for (let p = port + 1; p <= Math.min(65535, port + 20); p++)
    if ((await tryListen(host, p)) === null) return p;
  return port + 3;
}

/** The operator's line for a listen error, naming a port that is free when it is in use. */
export async function listenProblem(host: string, port: number, code: string): Promise<string> {
  if (code === 'EADDRINUSE')
    return `Port ${port} is already in use. Start on another port: PORT=${await nextFreePort(host, port)} npm start`;
  if (code === 'EACCES')
    return `Port ${port} needs privileges this user does not have. Start on another port: PORT=8787 npm start`;
  if (code === 'EADDRNOTAVAIL')
    return `HOST=${host} is not an address of this machine. Start on one of its addresses: HOST=127.0.0.1 npm start`;
  return `Cannot listen on ${host}:${port} (${code}).`;
}

/** Null when the server can listen on `host:port` now (port 0: any port), else the line to print. */
export async function preflightListen(host: string, port: number): Promise<string | null> {
  if (port === 0) return null;
  const code = await tryListen(host, port);
  return code === null ? null : listenProblem(host, port, code);
}
