/**
 * The real app on a real, migrated libSQL file (a fresh one per call), with a clock tests can move
 * and a log they can read. Requests go through `app.request`, the same code path as a server.
 *
 * Local mode is decided as `npm start` decides it (worker/src/config.ts `localMode`): without a
 * provider fake and with the default, loopback PUBLIC_URL the harness is in local mode and has a
 * local mailbox (in memory); given a provider (or a non-loopback `publicUrl`) it has none, and a
 * channel without a provider fails its messages.
 */
import type { Client } from '@libsql/client';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../worker/src/app';
import type { AppConfig, Services } from '../../worker/src/env';
import {
  DEFAULT_EXTENSION_ORIGINS,
  DEFAULT_MESSAGE_QUOTA,
  localMode,
} from '../../worker/src/config';
import { openDatabase, nodeScrypt } from '../../worker/src/entry/node-runtime';
import { dbRateLimiter } from '../../worker/src/lib/rate-limit';
import { memoryMailboxStore } from '../../worker/src/mail/local-mailbox';
import { createServices, type ServiceInput } from '../../worker/src/services';
import { testClock, type TestClock } from './clock';

export const PUBLIC_URL = 'http://localhost:8787';
export const TEST_SECRET = 'test-secret-that-is-long-enough-0123456789';
/**
 * A message quota no test at scale reaches (an operator sending this much raises its organizations'
 * quotas).
 */
export const AT_SCALE_QUOTA = { perHour: 1_000_000, perDay: 10_000_000 };

export interface Harness {
  app: ReturnType<typeof createApp>;
  /** PUBLIC_URL of this harness (`PUBLIC_URL` unless given). */
  publicUrl: string;
  services: Services;
  db: Services['db'];
  clock: TestClock;
  logs: string[];
  dbFile: string;
  /**
   * `app.request` addressed to PUBLIC_URL (`path` is the part after it), as a browser following its
   * links would.
   */
  request(path: string, init?: RequestInit): Promise<Response>;
  /** A JSON request to PUBLIC_URL; answers status, parsed body (or text) and headers. */
  call(
    method: string,
    path: string,
    opts?: { token?: string; body?: unknown; headers?: Record<string, string>; raw?: string },
  ): Promise<Reply>;
  /**
   * Waits for the work requests left to run after their answer (services.background), as a test
   * reads its effects.
   */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export interface Reply {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: test assertions read arbitrary JSON
  body: any;
  text: string;
  headers: Headers;
}

export type HarnessOptions = Partial<
  Omit<ServiceInput, 'db' | 'config' | 'tokenSecret' | 'scrypt' | 'mailbox'>
> & {
  publicUrl?: string;
  /** The abuse settings, the server's defaults unless given (config.ts `abuseSettings`). */
  orgCreation?: AppConfig['orgCreation'];
  messageQuota?: AppConfig['messageQuota'];
  extensionOrigins?: string[];
  /** The delivery reports' secrets (features/delivery/webhooks-api.ts); none unless given. */
  webhooks?: AppConfig['webhooks'];
  /** Something between drizzle and the libSQL client (see robustness-harness.ts). */
  wrapClient?: (client: Client) => Client;
  /** Rate-limit counters in the database, as the Worker keeps them (default: in memory). */
  countersInDatabase?: boolean;
};

export async function startHarness({
  wrapClient,
  publicUrl = PUBLIC_URL,
  extensionOrigins,
  orgCreation = 'anyone',
  messageQuota = DEFAULT_MESSAGE_QUOTA,
  countersInDatabase = false,
  webhooks,
  ...opts
}: HarnessOptions = {}): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), 'invitations-test-'));
  const dbFile = join(dir, 'test.db');
  const { db, close } = await openDatabase(`file:${dbFile}`, undefined, wrapClient);
  const clock = testClock();
  const logs: string[] = [];
  const pending = new Set<Promise<unknown>>();
  const local = localMode({
    publicUrl,
    email: opts.email !== undefined,
    sms: opts.sms !== undefined,
  }).on;
  const services = createServices({
    db,
    config: {
      publicUrl,
      extensionOrigins: extensionOrigins ?? DEFAULT_EXTENSION_ORIGINS,
      localMode: local,
      orgCreation,
      messageQuota,
      ...(webhooks ? { webhooks } : {}),
    },
    tokenSecret: TEST_SECRET,
    scrypt: nodeScrypt,
    now: clock.now,
    log: (line) => logs.push(line),
    mailbox: local ? memoryMailboxStore() : undefined,
    ...(countersInDatabase ? { rateLimiter: dbRateLimiter(db) } : {}),
    background: (_c, task) => {
      const tracked = task.catch((err: unknown) =>
        logs.push(`background task failed: ${err instanceof Error ? err.message : String(err)}`),
      );
      pending.add(tracked);
      void tracked.finally(() => pending.delete(tracked));
    },
    ...opts,
  });
  const app = createApp(services);
  const request = async (path: string, init?: RequestInit) =>
    app.request(`${publicUrl}${path}`, init);
  return {
    app,
    request,
    publicUrl,
    services,
    db,
    clock,
    logs,
    dbFile,
    async call(method, path, { token, body, headers = {}, raw } = {}) {
      const h: Record<string, string> = { ...headers };
      if (token) h.authorization = `Bearer ${token}`;
      if (body !== undefined && !h['content-type']) h['content-type'] = 'application/json';
      const res = await request(path, {
        method,
        headers: h,
        body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        // not JSON: keep the text
      }
      return { status: res.status, body: parsed, text, headers: res.headers };
    },
    async settled() {
      while (pending.size) await Promise.all([...pending]);
    },
    async close() {
      close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
