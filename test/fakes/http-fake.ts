// Plumbing shared by the provider fakes: a node:http server bound to 127.0.0.1 on a random port,
// body reading, JSON answers, the request log entry and a small "wait until" helper.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Fault } from './faults';

export interface LocalServer {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  /** Stops listening and cuts every connection, hung requests included. */
  close(): Promise<void>;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

/** One HTTP request as a fake saw it, failed and unanswered ones included. */
export interface RecordedRequest {
  readonly method: string;
  /** Path without the query string. */
  readonly path: string;
  /**
   * Status answered, or `null` when the fake never answered (`hang`) or cut the connection
   * (`drop`).
   */
  readonly status: number | null;
  readonly idempotencyKey: string | null;
  /** The injected fault that shaped this answer, if any. */
  readonly fault: Fault | null;
  /** True when the answer was replayed from an earlier request with the same idempotency key. */
  readonly replayed: boolean;
  readonly at: Date;
}

export async function listenLocal(handler: Handler): Promise<LocalServer> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      try {
        handler(req, res, Buffer.concat(chunks).toString('utf8'));
      } catch (error) {
        if (!res.headersSent) sendJson(res, 500, { message: `fake crashed: ${String(error)}` });
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function pathOf(req: IncomingMessage): string {
  return new URL(req.url ?? '/', 'http://fake').pathname;
}

/** Resolves with `read()` once `done(read())` holds; rejects after `timeoutMs`. */
export async function waitUntil<T>(
  read: () => T,
  done: (value: T) => boolean,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
