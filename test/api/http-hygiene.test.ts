/**
 * HTTP hygiene on a keep-alive connection: an answer given before the request body was read (413
 * for a body over the limit, 415 for another content type, 401 without a session) says `Connection:
 * close`, the client reads that answer itself, and the next request, on a new connection, gets its
 * own answer; none fails with a socket error. The real local-mode server (worker/src/entry/node.ts)
 * in its own process on 127.0.0.1, and two clients that keep connections alive: node:http's with an
 * agent holding one socket, and fetch (one after another, so each request takes the connection the
 * last one left); a fixed number of rounds.
 */
import { Agent, request, type IncomingHttpHeaders } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_JSON_BODY } from '../../worker/src/app';
import { startServerProcess, type ServerProcess } from '../helpers/server-process';

const OWNER = { email: 'owner@example.com', password: 'a long owner password' };
let dir: string;
let server: ServerProcess;
let token: string;
let orgId: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'invitations-hygiene-'));
  server = await startServerProcess({
    DATABASE_URL: `file:${join(dir, 'invitations.db')}`,
    OWNER_EMAIL: OWNER.email,
    OWNER_PASSWORD: OWNER.password,
  });
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(OWNER),
  });
  const body = (await login.json()) as { token: string; memberships: { orgId: string }[] };
  token = body.token;
  orgId = body.memberships[0]!.orgId;
}, 60_000);
afterAll(async () => {
  await server?.stop('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

interface Sent {
  method: string;
  path: string;
  headers?: Record<string, string>;
  /** Sent with its Content-Length, or chunked. */
  body?: Buffer;
  chunked?: boolean;
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/**
 * One request on the agent; resolves when the whole answer was read, rejects on a socket error
 * before that.
 */
function send(agent: Agent, s: Sent): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const url = new URL(server.url);
    const headers = {
      ...s.headers,
      ...(s.body && !s.chunked ? { 'content-length': String(s.body.length) } : {}),
    };
    const req = request(
      { agent, host: url.hostname, port: url.port, method: s.method, path: s.path, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString(),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (s.body && s.chunked) {
      // In parts, as a browser streaming an upload would.
      for (let i = 0; i < s.body.length; i += 1024 * 1024)
        req.write(s.body.subarray(i, i + 1024 * 1024));
      req.end();
    } else req.end(s.body);
  });
}

const auth = () => ({ authorization: `Bearer ${token}` });
const json = (bytes: number) =>
  Buffer.from(JSON.stringify({ email: OWNER.email, password: 'x'.repeat(bytes) }));
const csv = (bytes: number) => Buffer.from(`firstName,lastName,email\n${'x'.repeat(bytes)}`);

interface Case {
  name: string;
  sent: Sent;
  status: number;
}

/** Requests the app answers before reading their body, and ordinary ones. */
function cases(): { early: Case[]; normal: Case[] } {
  const importPath = `/api/orgs/${orgId}/members/import`;
  return {
    early: [
      {
        name: '300 KiB of JSON to sign-in',
        sent: {
          method: 'POST',
          path: '/api/auth/login',
          headers: { 'content-type': 'application/json' },
          body: json(300 * 1024),
        },
        status: 413,
      },
      {
        name: 'a CSV over 10 MiB',
        sent: {
          method: 'POST',
          path: importPath,
          headers: { ...auth(), 'content-type': 'text/csv' },
          body: csv(10 * 1024 * 1024 + 1),
        },
        status: 413,
      },
      {
        name: 'a chunked CSV over 10 MiB',
        sent: {
          method: 'POST',
          path: importPath,
          headers: { ...auth(), 'content-type': 'text/csv' },
          body: csv(10 * 1024 * 1024 + 1),
          chunked: true,
        },
        status: 413,
      },
      {
        name: 'a CSV as application/json',
        sent: {
          method: 'POST',
          path: importPath,
          headers: { ...auth(), 'content-type': 'application/json' },
          body: csv(1024 * 1024),
        },
        status: 415,
      },
      {
        name: 'JSON as text/plain to sign-in',
        sent: {
          method: 'POST',
          path: '/api/auth/login',
          headers: { 'content-type': 'text/plain' },
          body: json(MAX_JSON_BODY / 2),
        },
        status: 415,
      },
      {
        name: 'a CSV without a session',
        sent: {
          method: 'POST',
          path: importPath,
          headers: { 'content-type': 'text/csv' },
          body: csv(1024 * 1024),
        },
        status: 401,
      },
    ],
    normal: [
      {
        name: 'GET /api/me',
        sent: { method: 'GET', path: '/api/me', headers: auth() },
        status: 200,
      },
      {
        name: 'a one-person import',
        sent: {
          method: 'POST',
          path: importPath,
          headers: { ...auth(), 'content-type': 'text/csv' },
          body: Buffer.from('firstName,lastName,email\nAnn,Lee,ann@example.com\n'),
        },
        status: 200,
      },
      {
        name: 'GET /api/me without a session',
        sent: { method: 'GET', path: '/api/me' },
        status: 401,
      },
    ],
  };
}

/**
 * Sends `rounds` pairs (an early answer, then an ordinary request; over the rounds every early
 * answer is followed by every ordinary request) through `send`, and lists what went wrong: a
 * status, a missing error, a missing `Connection: close` on an early answer, or a request that
 * failed.
 */
async function runRounds(rounds: number, sendOne: (s: Sent) => Promise<Answer>): Promise<string[]> {
  const { early, normal } = cases();
  const failures: string[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const r of [
      early[round % early.length]!,
      normal[Math.floor(round / early.length) % normal.length]!,
    ]) {
      try {
        const answer = await sendOne(r.sent);
        if (answer.status !== r.status)
          failures.push(`round ${round}, ${r.name}: ${answer.status} instead of ${r.status}`);
        else if (
          r.status !== 200 &&
          !(JSON.parse(answer.text) as { error?: { code?: string } }).error?.code
        )
          failures.push(`round ${round}, ${r.name}: no error in the answer`);
        if (early.includes(r) && answer.headers.connection !== 'close')
          failures.push(`round ${round}, ${r.name}: Connection: ${answer.headers.connection}`);
      } catch (err) {
        const cause =
          err instanceof Error && err.cause instanceof Error ? ` (${err.cause.message})` : '';
        failures.push(
          `round ${round}, ${r.name}: ${err instanceof Error ? `${(err as NodeJS.ErrnoException).code ?? ''} ${err.message}${cause}` : String(err)}`,
        );
      }
    }
  }
  return failures;
}

/** One request through fetch; its headers as node:http gives them (lower-case names). */
async function fetchOne(s: Sent): Promise<Answer> {
  const parts = (b: Buffer) =>
    new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < b.length; i += 1024 * 1024)
          controller.enqueue(new Uint8Array(b.subarray(i, i + 1024 * 1024)));
        controller.close();
      },
    });
  const body = s.body && s.chunked ? parts(s.body) : s.body;
  const init = { method: s.method, headers: s.headers, body, duplex: 'half' };
  const res = await fetch(`${server.url}${s.path}`, init as RequestInit);
  return { status: res.status, headers: Object.fromEntries(res.headers), text: await res.text() };
}

describe('HTTP hygiene', () => {
  it('an answer given before the body was read says Connection: close, is read by the client, and the next request on a keep-alive agent gets its answer', {
    timeout: 180_000,
  }, async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      expect(await runRounds(180, (s) => send(agent, s))).toEqual([]);
    } finally {
      agent.destroy();
    }
  });

  it('fetch reads every early answer itself, and its next request on the connection gets its own answer', {
    timeout: 180_000,
  }, async () => {
    expect(await runRounds(60, fetchOne)).toEqual([]);
  });
});
