// An integrator's webhook endpoint on 127.0.0.1: records every POST (headers and raw body) and
// answers with the statuses it is told, in order (then 204), e.g. [500, 500, 200].
import type { IncomingHttpHeaders } from 'node:http';
import { listenLocal, type LocalServer } from './http-fake';

export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** What the receiver answered. */
  status: number;
}

export interface WebhookReceiver extends LocalServer {
  received: ReceivedWebhook[];
  /** The statuses the next requests get, in order. */
  answer(...statuses: number[]): void;
  /** Every later request gets this status (until `answer` or `always` again). */
  always(status: number | null): void;
  /** The JSON bodies received, parsed. */
  // biome-ignore lint/suspicious/noExplicitAny: payloads as JSON
  events(): any[];
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  let queue: number[] = [];
  let fixed: number | null = null;
  const server = await listenLocal((req, res, body) => {
    const status = queue.shift() ?? fixed ?? 204;
    received.push({ path: req.url ?? '/', headers: req.headers, body, status });
    if (status >= 300 && status < 400) res.setHeader('location', 'http://127.0.0.1:1/elsewhere');
    res.statusCode = status;
    res.end(status === 204 ? undefined : 'ok');
  });
  return {
    ...server,
    received,
    answer: (...statuses) => {
      queue = statuses;
    },
    always: (status) => {
      fixed = status;
      queue = [];
    },
    events: () => received.map((r) => JSON.parse(r.body)),
  };
}
