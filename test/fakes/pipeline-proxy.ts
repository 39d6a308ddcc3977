// A counting, delaying HTTP proxy to put between a libSQL HTTP client and a Hrana server (the test
// server of hrana-server.ts, or sqld):
//   const proxy = await startPipelineProxy({ target: hrana.url, delayMs: 20 });
//   createClient({ url: proxy.url })            // every request goes through the proxy
//   proxy.pipelines                             // how many pipeline requests (round trips) so far
//
// Every request is forwarded as it came; a `POST …/pipeline` is one round trip to the database: it
// is counted, and held `delayMs` before it is forwarded, as a database across a network would hold
// it. Nothing else is changed, so what the client sees is what it would see from the server itself.
import { request as httpRequest } from 'node:http';
import { listenLocal } from './http-fake';

export interface PipelineProxyOptions {
  /** Base URL of the Hrana server, e.g. `http://127.0.0.1:40123`. */
  readonly target: string;
  /** Latency added to every pipeline request, in milliseconds. Default 0. */
  readonly delayMs?: number;
}

export interface PipelineProxy {
  readonly url: string;
  /** Pipeline requests received so far. */
  readonly pipelines: number;
  /** Pipeline requests whose answer has been sent back so far. */
  readonly answered: number;
  /** Pipeline requests received and not answered yet. */
  readonly inFlight: number;
  /** Changes the added latency from the next request on. */
  setDelay(ms: number): void;
  close(): Promise<void>;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function startPipelineProxy(options: PipelineProxyOptions): Promise<PipelineProxy> {
  const target = new URL(options.target);
  let delayMs = options.delayMs ?? 0;
  let pipelines = 0;
  let answered = 0;

  const server = await listenLocal((req, res, body) => {
    const isPipeline = req.method === 'POST' && /\/pipeline$/.test(req.url ?? '');
    if (isPipeline) pipelines += 1;
    const forward = () => {
      const upstream = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: target.host, 'content-length': Buffer.byteLength(body) },
        },
        (reply) => {
          const chunks: Buffer[] = [];
          reply.on('data', (chunk: Buffer) => chunks.push(chunk));
          reply.on('end', () => {
            if (isPipeline) answered += 1;
            res.writeHead(reply.statusCode ?? 502, reply.headers).end(Buffer.concat(chunks));
          });
        },
      );
      upstream.on('error', (error) => {
        if (isPipeline) answered += 1;
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`proxy: ${error.message}`);
      });
      upstream.end(body);
    };
    if (isPipeline && delayMs > 0) void pause(delayMs).then(forward);
    else forward();
  });

  return {
    url: server.url,
    get pipelines() {
      return pipelines;
    },
    get answered() {
      return answered;
    },
    get inFlight() {
      return pipelines - answered;
    },
    setDelay(ms) {
      delayMs = ms;
    },
    close: () => server.close(),
  };
}
