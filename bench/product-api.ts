/**
 * What the bench asks of a running product server outside the measured load: signing in, making
 * links, waiting for mail to settle, and the bulk "send invitation" with its delivery through the
 * Resend fake.
 */
import type { ResendFake } from '../test/fakes/resend-fake';
import type { BulkResult } from './report-data';
import type { Session } from './scenarios';
import { OWNER, type Seeded } from './seed';
import type { ServerProcess } from './server';

async function call(url: string, method: string, path: string, body?: unknown, token?: string) {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as Record<string, unknown>;
}

export async function signIn(s: ServerProcess, db: Seeded): Promise<Session> {
  const res = await call(s.url, 'POST', '/api/auth/login', {
    email: OWNER.email,
    password: OWNER.password,
  });
  return { orgId: db.orgId, token: res.token as string };
}

/**
 * Resolves once the fake has seen no new message for `quietMs` (the drainer finished what load left
 * queued).
 */
export async function mailSettles(fake: ResendFake, quietMs = 1500, timeoutMs = 120_000) {
  const until = Date.now() + timeoutMs;
  let last = fake.sent.length;
  let since = Date.now();
  while (Date.now() < until) {
    await new Promise((r) => setTimeout(r, 100));
    if (fake.sent.length !== last) {
      last = fake.sent.length;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) return;
  }
}

export async function makeLinks(s: ServerProcess, session: Session, n: number): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < n; i++) {
    const link = await call(
      s.url,
      'POST',
      `/api/orgs/${session.orgId}/links`,
      { expiresInHours: 24, requiresApproval: true },
      session.token,
    );
    tokens.push(String(link.url).split('/join/')[1]!);
  }
  return tokens;
}

export async function bulk(
  s: ServerProcess,
  session: Session,
  fake: ResendFake,
  userIds: string[],
): Promise<BulkResult> {
  await mailSettles(fake);
  const sentBefore = fake.sent.length;
  const requestsBefore = fake.requests.length;
  s.resetPeakRss();
  const t0 = Date.now();
  const res = await call(
    s.url,
    'POST',
    `/api/orgs/${session.orgId}/members/invite`,
    { userIds, channel: 'email' },
    session.token,
  );
  const queuedAt = Date.now();
  const until = Date.now() + 300_000;
  while (fake.sent.length - sentBefore < userIds.length && Date.now() < until)
    await new Promise((r) => setTimeout(r, 20));
  const delivered = fake.sent.length - sentBefore;
  const lastAt = fake.sent.at(-1)?.at.getTime() ?? Date.now();
  const batches = fake.requests.slice(requestsBefore).filter((r) => r.path === '/emails/batch');
  return {
    users: userIds.length,
    queued: Number(res.queued),
    queueMs: queuedAt - t0,
    delivered,
    drainMs: lastAt - queuedAt,
    totalMs: lastAt - t0,
    batchRequests: batches.length,
    failedBatchRequests: batches.filter((r) => r.status !== 200).length,
    peakRss: s.peakRss(),
  };
}
