/**
 * HTTP hygiene for local mode on Node's HTTP server (node.ts, through @hono/node-server). The app
 * may answer before it has read the request body: 413 from the Content-Length alone (the body
 * limits of app.ts and features/members/api.ts), 415 from the Content-Type, 401 without a session. Left
 * alone, the unread rest of the body stays on a keep-alive connection: the server then cuts the
 * connection while the client is still sending, and the client sees a socket error instead of the
 * answer, or its next request on that connection fails.
 *
 * So an answer given before the body was read says `Connection: close`, and is sent once the rest
 * of the body has arrived (read and dropped, up to DRAIN_BYTES and DRAIN_MS): the client, still
 * sending, can read it, and the server closes the connection after it, with nothing left unread. A
 * body larger than that, or slower, gets the answer at once and the connection closed after it.
 *
 * The Worker (worker.ts) has no part in this: there the client's connection ends at Cloudflare's
 * edge, not in the isolate, and the platform keeps or closes it and deals with a body the Worker
 * leaves unread. A Worker's answer has no say on the connection: workerd drops its `Connection`
 * header (seen under `wrangler dev`, where workerd also resets a local connection whose body the
 * Worker left unread).
 */
import type { HttpBindings, Http2Bindings } from '@hono/node-server';
import { IncomingMessage } from 'node:http';

/**
 * The most of an unread body read (and dropped) before an early answer is sent, and the longest
 * wait for it.
 */
export const DRAIN_BYTES = 32 * 1024 * 1024;
export const DRAIN_MS = 5_000;

type Fetch = (request: Request, env: HttpBindings | Http2Bindings) => Response | Promise<Response>;

/** Whether the request has a body the app did not read to its end. */
function leftUnread(incoming: IncomingMessage): boolean {
  const length = incoming.headers['content-length'];
  const hasBody =
    incoming.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
  return hasBody && !incoming.readableEnded;
}

/**
 * Reads and drops the rest of the body; true once it has all arrived, false past the limits or on
 * an error.
 */
function drain(incoming: IncomingMessage): Promise<boolean> {
  if (incoming.complete) return Promise.resolve(true); // all received; what is buffered goes with the connection
  return new Promise((resolve) => {
    let bytes = 0;
    const settle = (whole: boolean) => {
      clearTimeout(timer);
      incoming.off('data', onData).off('end', onEnd).off('error', onStop).off('close', onStop);
      resolve(whole);
    };
    const onData = (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > DRAIN_BYTES) settle(false);
    };
    const onEnd = () => settle(true);
    const onStop = () => settle(false);
    const timer = setTimeout(onStop, DRAIN_MS);
    // A reader the app left holding part of the body (a body limit that stopped counting) lets go
    // of the rest.
    incoming.removeAllListeners('data');
    incoming.on('data', onData).once('end', onEnd).once('error', onStop).once('close', onStop);
    incoming.resume();
  });
}

/** The app's fetch, with answers given before the body was read sent as the header comment says. */
export function withBodyHygiene(fetch: Fetch): Fetch {
  return async (request, env) => {
    const res = await fetch(request, env);
    const { incoming } = env;
    if (!(incoming instanceof IncomingMessage) || !leftUnread(incoming)) return res;
    await drain(incoming);
    const headers = new Headers(res.headers);
    headers.set('connection', 'close');
    return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
  };
}
