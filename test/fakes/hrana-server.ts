// A test-only Hrana v2-over-HTTP server (what `@libsql/client/web` speaks), backed by a libSQL
// database file:
//   const db = await startHranaServer({ path: join(tmpDir, 'test.db') });
//   const client = createClient({ url: db.url });   // from '@libsql/client/web'
//
// Routes: `GET /v2` (version check; `/v3`, `/v3-protobuf` answer 404 so a v3-probing client falls
// back to v2) and `POST /v2/pipeline` with `{ baton, requests }`. Each stream (a baton chain) owns
// its own connection, so an interactive transaction keeps its connection between requests and stays
// isolated from other streams, as with sqld. The answer carries a fresh baton unless the pipeline
// closed the stream; a stream left idle longer than `streamTtlMs` is rolled back and its baton
// refused (`STREAM_EXPIRED`). Batches run their steps literally, so the BEGIN / statements-if-ok /
// COMMIT / ROLLBACK-if-COMMIT-failed steps that @libsql/client sends make them atomic. Not
// implemented: `describe`, cursors (`/v3/cursor`), protobuf encoding.
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { SqlConnection, toHranaError } from './hrana-conn';
import {
  HranaError,
  pipelineRequestBody,
  type PipelineRequestBody,
  type StreamRequest,
  type StreamResponse,
  type StreamResult,
} from './hrana-proto';
import { listenLocal, pathOf, sendJson } from './http-fake';

export interface HranaServerOptions {
  /**
   * Path of the database file (created if missing; the server switches it to WAL like sqld). Not
   * `:memory:`.
   */
  readonly path: string;
  /**
   * When set, every request must carry `Authorization: Bearer <authToken>` (the client's
   * `authToken`).
   */
  readonly authToken?: string;
  /**
   * Idle time after which an unclosed stream is rolled back and its baton expires. Default 10 s.
   */
  readonly streamTtlMs?: number;
}

export interface HranaServer {
  /** `http://127.0.0.1:<port>`: pass it as `url` to `createClient` from `@libsql/client/web`. */
  readonly url: string;
  /** Streams waiting for their next request (open interactive transactions, for instance). */
  readonly openStreams: number;
  close(): Promise<void>;
}

interface Stream {
  readonly conn: SqlConnection;
  readonly expiresAt: number;
}

const MAX_IDLE_CONNECTIONS = 4;

export async function startHranaServer(options: HranaServerOptions): Promise<HranaServer> {
  const path = options.path.replace(/^file:/, '');
  if (path === ':memory:' || path === '')
    throw new Error('startHranaServer needs a database file path');
  const ttl = options.streamTtlMs ?? 10_000;
  const streams = new Map<string, Stream>();
  const idle: SqlConnection[] = [];
  let stopped = false;

  const first = new SqlConnection(path);
  first.sequence('PRAGMA journal_mode=WAL');
  idle.push(first);

  function release(conn: SqlConnection): void {
    if (stopped) {
      conn.close();
      return;
    }
    let reusable = false;
    try {
      reusable = conn.reset() && idle.length < MAX_IDLE_CONNECTIONS;
    } catch {
      // a connection that cannot roll back is not reused
    }
    if (reusable) idle.push(conn);
    else conn.close();
  }

  const sweeper = setInterval(
    () => {
      for (const [baton, stream] of streams) {
        if (stream.expiresAt > Date.now()) continue;
        streams.delete(baton);
        release(stream.conn);
      }
    },
    Math.min(1000, ttl),
  );
  sweeper.unref();

  async function answer(conn: SqlConnection, request: StreamRequest): Promise<StreamResponse> {
    switch (request.type) {
      case 'execute':
        return { type: 'execute', result: await conn.execute(request.stmt) };
      case 'batch':
        return { type: 'batch', result: await conn.batch(request.batch) };
      case 'sequence':
        conn.sequence(conn.sqlOf(request));
        return { type: 'sequence' };
      case 'store_sql':
        conn.storeSql(request.sql_id, request.sql);
        return { type: 'store_sql' };
      case 'close_sql':
        conn.closeSql(request.sql_id);
        return { type: 'close_sql' };
      case 'get_autocommit':
        return { type: 'get_autocommit', is_autocommit: conn.autocommit };
      case 'close':
        return { type: 'close' };
      case 'describe':
        throw new HranaError('describe is not supported by the test server', 'NOT_SUPPORTED');
    }
  }

  async function pipeline(res: ServerResponse, body: string): Promise<void> {
    let parsed: PipelineRequestBody;
    try {
      parsed = pipelineRequestBody.parse(JSON.parse(body));
    } catch (error) {
      return sendJson(res, 400, {
        message: `invalid pipeline request: ${String(error)}`,
        code: 'PROTO_ERROR',
      });
    }
    let conn: SqlConnection;
    if (parsed.baton != null) {
      const stream = streams.get(parsed.baton);
      if (!stream) {
        return sendJson(res, 400, {
          message: 'The stream has expired or the baton is invalid',
          code: 'STREAM_EXPIRED',
        });
      }
      streams.delete(parsed.baton);
      conn = stream.conn;
    } else {
      conn = idle.pop() ?? new SqlConnection(path);
    }
    const results: StreamResult[] = [];
    let closed = false;
    for (const request of parsed.requests) {
      if (closed) {
        results.push({
          type: 'error',
          error: { message: 'The stream is closed', code: 'STREAM_CLOSED' },
        });
        continue;
      }
      try {
        results.push({ type: 'ok', response: await answer(conn, request) });
        closed = request.type === 'close';
      } catch (error) {
        results.push({ type: 'error', error: toHranaError(error).body });
      }
    }
    let baton: string | null = null;
    if (closed || stopped) {
      release(conn);
    } else {
      baton = randomBytes(18).toString('base64url');
      streams.set(baton, { conn, expiresAt: Date.now() + ttl });
    }
    sendJson(res, 200, { baton, base_url: null, results });
  }

  const server = await listenLocal((req, res, body) => {
    const route = `${req.method} ${pathOf(req)}`;
    if (
      options.authToken !== undefined &&
      req.headers.authorization !== `Bearer ${options.authToken}`
    ) {
      return sendJson(res, 401, { message: 'Authentication required', code: 'UNAUTHORIZED' });
    }
    if (route === 'GET /v2' || route === 'GET /') {
      res
        .writeHead(200, { 'content-type': 'text/plain' })
        .end('Hello, this is a Hrana v2 test server\n');
    } else if (route === 'POST /v2/pipeline') {
      pipeline(res, body).catch((error: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { message: String(error), code: 'INTERNAL' });
      });
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found\n');
    }
  });

  return {
    url: server.url,
    get openStreams() {
      return streams.size;
    },
    async close() {
      stopped = true;
      clearInterval(sweeper);
      await server.close();
      for (const stream of streams.values()) stream.conn.close();
      streams.clear();
      for (const conn of idle.splice(0)) conn.close();
    },
  };
}
