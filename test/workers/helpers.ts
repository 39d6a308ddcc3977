/**
 * Helpers for tests inside workerd: requests to the Worker (SELF), the database over the same Hrana
 * server the Worker uses, and what the Resend and SMS fakes received, through their Node-side
 * control server.
 */
import { createClient } from '@libsql/client/http';
import { SELF } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/libsql/http';
import { schema } from '../../worker/src/db/client';
import { users } from '../../worker/src/db/schema';
import { newId } from '../../worker/src/lib/ids';
import { createPasswordHasher, nobleScrypt } from '../../worker/src/lib/password';
import { OWNER, PUBLIC_URL } from './constants';

export const db = drizzle(createClient({ url: env.DATABASE_URL }), { schema });

export interface Reply {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: test assertions read arbitrary JSON
  body: any;
  text: string;
  headers: Headers;
}

let clients = 0;
/**
 * A client address of its own per test file, so per-client rate limits of one file never touch
 * another's.
 */
export const clientIp = () => {
  clients = (clients % 250) + 1;
  return `203.0.113.${clients}`;
};

/**
 * A request to the Worker as the extension or a browser sends it: JSON `body`, or `raw` with its
 * own content type.
 */
export async function call(
  method: string,
  path: string,
  opts: {
    token?: string;
    body?: unknown;
    raw?: string;
    ip?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.ip) headers['cf-connecting-ip'] = opts.ip;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const payload = opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
  const res = await SELF.fetch(`${PUBLIC_URL}${path}`, { method, headers, body: payload });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON
  }
  return { status: res.status, body, text, headers: res.headers };
}

export async function login(email: string, password: string, ip = clientIp()): Promise<string> {
  const res = await call('POST', '/api/auth/login', { body: { email, password }, ip });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.text}`);
  return res.body.token as string;
}

export const loginOwner = () => login(OWNER.email, OWNER.password);

let hasher: ReturnType<typeof createPasswordHasher> | undefined;
/**
 * An account with a password and a proven address, written straight into the database (hashed here,
 * inside workerd).
 */
export async function createAccount(email: string, password: string): Promise<string> {
  hasher ??= createPasswordHasher(await nobleScrypt());
  const id = newId();
  const t = Date.now();
  await db.insert(users).values({
    id,
    email,
    name: email.split('@')[0]!,
    passwordHash: await hasher.hash(password),
    createdAt: t,
    registeredAt: t,
    emailVerifiedAt: t,
  });
  return id;
}

export async function userId(email: string): Promise<string> {
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
  if (!row) throw new Error(`no user ${email}`);
  return row.id;
}

// ── The Resend fake, through its control server
// ─────────────────────────────────────────────────────

export interface SentMail {
  to: string[];
  subject: string;
  text: string | undefined;
  html: string | undefined;
  idempotencyKey: string | null;
}

async function control<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${env.TEST_CONTROL_URL}${path}`, {
    method,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`control ${path}: ${res.status}`);
  return (await res.json()) as T;
}

export const resend = {
  sent: () => control<SentMail[]>('GET', '/resend/sent'),
  async sentTo(address: string): Promise<SentMail[]> {
    return (await this.sent()).filter((m) =>
      m.to.some((t) => t.toLowerCase() === address.toLowerCase()),
    );
  },
  failNext: (count: number, fault: { status: number; retryAfterSeconds?: number }) =>
    control('POST', '/resend/fail-next', { count, fault }),
  /** Waits until `address` has received `count` messages; answers them. */
  async waitFor(address: string, count = 1, timeoutMs = 10_000): Promise<SentMail[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const got = await this.sentTo(address);
      if (got.length >= count) return got;
      if (Date.now() > deadline)
        throw new Error(
          `timed out waiting for ${count} message(s) to ${address}; got ${got.length}`,
        );
      await new Promise((r) => setTimeout(r, 25));
    }
  },
};

// ── The SMS fake
// ─────────────────────────────────────────────────────────────────────────────────────

export interface SentSms {
  to: string;
  from: string | null;
  body: string;
}

export const smsFake = {
  sent: () => control<SentSms[]>('GET', '/sms/sent'),
  async waitFor(phone: string, count = 1, timeoutMs = 10_000): Promise<SentSms[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const got = (await this.sent()).filter((m) => m.to === phone);
      if (got.length >= count) return got;
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${count} SMS to ${phone}; got ${got.length}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  },
};
