/**
 * The production path with its round trips to the database counted (docs/BENCHMARKS.md, "Round
 * trips"): the Worker's own runtime (`createWorkerRuntime`: libSQL over HTTP, rate limits in the
 * database, delivery after the answer through `waitUntil`) in this process, talking to the test
 * Hrana server (test/fakes/hrana-server.ts) through a proxy that counts every pipeline request and
 * holds it `delayMs` (test/fakes/pipeline-proxy.ts), with mail going to the Resend fake.
 *
 * `call` answers how many round trips a request made before its answer was ready, and how many the
 * work it left for after the answer (outbox delivery, activity stamps) made once that settled.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createClient } from '@libsql/client';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureFirstOrganization } from '../../worker/src/bootstrap';
import { nodeScrypt, openDatabase } from '../../worker/src/entry/node-runtime';
import { createWorkerRuntime } from '../../worker/src/entry/worker-runtime';
import { createPasswordHasher } from '../../worker/src/lib/password';
import { startHranaServer } from '../fakes/hrana-server';
import { startPipelineProxy } from '../fakes/pipeline-proxy';
import { startResendFake, type ResendFake } from '../fakes/resend-fake';

export const RIG_URL = 'https://invitations.example';
export const RIG_OWNER = { email: 'owner@example.com', password: 'correct horse battery' };
/** The bytes of the rig's RESEND_WEBHOOK_SECRET (`whsec_<base64>`), to sign delivery reports with. */
export const RIG_WEBHOOK_KEY = Buffer.from('round trips webhook secret!!');

export interface CallInit {
  token?: string;
  json?: unknown;
  /** A hosted page's form, sent as a browser on the page's own origin would. */
  form?: Record<string, string>;
  /** A body of another type (a CSV file). */
  raw?: { type: string; body: string };
  /** The visitor's address (every call comes from its own unless given). */
  ip?: string;
  /** More request headers (a delivery report's signature). */
  headers?: Record<string, string>;
}

export interface Measured {
  status: number;
  body: unknown;
  text: string;
  /** Pipeline requests (round trips to the database) before the answer was ready. */
  roundTrips: number;
  /** Pipeline requests of the work started after the answer (delivery, activity stamps). */
  after: number;
  /** Time from the request to its answer, in milliseconds. */
  ms: number;
}

export interface RoundTripRig {
  resend: ResendFake;
  orgId: string;
  call(method: string, path: string, init?: CallInit): Promise<Measured>;
  setDelay(ms: number): void;
  /**
   * Runs a statement on the database directly, past the counting proxy: a scenario's setting of
   * the scene (an invitation whose time has run out), never a measured call.
   */
  execute(sql: string, args?: (string | number)[]): Promise<void>;
  close(): Promise<void>;
}

let visitor = 0;

export async function startRoundTripRig({ delayMs = 0 } = {}): Promise<RoundTripRig> {
  const dir = await mkdtemp(join(tmpdir(), 'invitations-round-trips-'));
  const hrana = await startHranaServer({ path: join(dir, 'db.sqlite') });
  const proxy = await startPipelineProxy({ target: hrana.url, delayMs: 0 });
  const resend = await startResendFake();
  const setup = await openDatabase(hrana.url);
  const first = await ensureFirstOrganization(
    setup.db,
    createPasswordHasher(nodeScrypt),
    { orgName: 'Acme', email: RIG_OWNER.email, password: RIG_OWNER.password },
    Date.now(),
  );
  setup.close();
  if (!first) throw new Error('the first organization was not created');
  const bindings = {
    DATABASE_URL: proxy.url,
    PUBLIC_URL: RIG_URL,
    TOKEN_SECRET: 'round-trips-secret-round-trips-secret-0123',
    RESEND_API_KEY: 're_round_trips',
    RESEND_BASE_URL: resend.url,
    MAIL_FROM: 'Invitations <invitations@example.com>',
    RESEND_WEBHOOK_SECRET: `whsec_${RIG_WEBHOOK_KEY.toString('base64')}`,
  };
  const runtime = await createWorkerRuntime(bindings, { log: () => {} });
  proxy.setDelay(delayMs);
  const pending: Promise<unknown>[] = [];
  const ctx = {
    waitUntil: (p: Promise<unknown>) => void pending.push(p),
    passThroughOnException: () => {},
    props: {},
  };

  async function settle(): Promise<void> {
    while (pending.length || proxy.inFlight) {
      await Promise.allSettled(pending.splice(0));
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  }

  return {
    resend,
    orgId: first.orgId,
    setDelay: (ms) => proxy.setDelay(ms),
    async execute(statement, args = []) {
      await settle();
      const direct = createClient({ url: hrana.url });
      try {
        await direct.execute({ sql: statement, args });
      } finally {
        direct.close();
      }
    },
    async call(method, path, init = {}) {
      await settle();
      visitor += 1;
      const headers: Record<string, string> = {
        'cf-connecting-ip':
          init.ip ?? `10.${(visitor >> 16) & 255}.${(visitor >> 8) & 255}.${visitor & 255}`,
      };
      if (init.token) headers.authorization = `Bearer ${init.token}`;
      Object.assign(headers, init.headers);
      let body: string | undefined;
      if (init.json !== undefined) {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(init.json);
      } else if (init.raw) {
        headers['content-type'] = init.raw.type;
        // As a browser's or curl's upload says its size (a Request built here does not).
        headers['content-length'] = String(new TextEncoder().encode(init.raw.body).length);
        body = init.raw.body;
      } else if (init.form) {
        headers['content-type'] = 'application/x-www-form-urlencoded';
        headers.origin = RIG_URL;
        headers['sec-fetch-site'] = 'same-origin';
        body = new URLSearchParams(init.form).toString();
      }
      const before = proxy.pipelines;
      const started = performance.now();
      const res = await runtime.app.fetch(
        new Request(`${RIG_URL}${path}`, { method, headers, body }),
        bindings,
        ctx,
      );
      const roundTrips = proxy.pipelines - before;
      const ms = performance.now() - started;
      const text = await res.text();
      await settle();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        // a page, not JSON
      }
      return {
        status: res.status,
        body: parsed,
        text,
        roundTrips,
        after: proxy.pipelines - before - roundTrips,
        ms,
      };
    },
    async close() {
      await settle();
      await resend.close();
      await proxy.close();
      await hrana.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
