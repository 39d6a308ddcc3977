/**
 * Helpers for the general-link tests: make a link through the API, apply through it (API or the
 * page's form), read the mailbox, and count rows to prove that a request changed nothing.
 */
import { count } from 'drizzle-orm';
import {
  actionTokens,
  applications,
  auditEvents,
  inviteLinks,
  memberships,
  outbox,
  sessions,
  users,
} from '../../worker/src/db/schema';
import type { Harness, Reply } from './harness';
import { PUBLIC_URL } from './harness';

export interface CreatedLink {
  id: string;
  url: string;
  token: string;
  // biome-ignore lint/suspicious/noExplicitAny: the LinkDto as JSON
  body: any;
}

export const tokenOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);

export async function createLink(
  h: Harness,
  orgId: string,
  token: string,
  body: Record<string, unknown> = {},
): Promise<CreatedLink> {
  const res = await h.call('POST', `/api/orgs/${orgId}/links`, {
    token,
    body: { expiresInHours: 24, ...body },
  });
  if (res.status !== 201) throw new Error(`link creation failed: ${res.status} ${res.text}`);
  return { id: res.body.id, url: res.body.url, token: tokenOf(res.body.url), body: res.body };
}

/**
 * `POST /api/join/:token` from a client address of its own (so per-client limits do not interfere).
 */
export function apply(
  h: Harness,
  linkToken: string,
  body: unknown,
  ip = `10.0.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
): Promise<Reply> {
  return h.call('POST', `/api/join/${linkToken}`, { body, headers: { 'cf-connecting-ip': ip } });
}

/**
 * A browser-like form POST to a hosted page: urlencoded, from the page's own origin unless told
 * otherwise.
 */
export async function postForm(
  h: Harness,
  path: string,
  fields: Record<string, string>,
  headers: Record<string, string> = { origin: PUBLIC_URL, 'sec-fetch-site': 'same-origin' },
): Promise<Reply> {
  const res = await h.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });
  const text = await res.text();
  return { status: res.status, body: text, text, headers: res.headers };
}

/** A page as a browser would fetch it. */
export async function getPage(
  h: Harness,
  path: string,
  method: 'GET' | 'HEAD' = 'GET',
): Promise<Reply> {
  const res = await h.request(path, { method });
  const text = await res.text();
  return { status: res.status, body: text, text, headers: res.headers };
}

/** Row counts of every table a join, a review or an activation touches. */
export async function rowCounts(h: Harness): Promise<Record<string, number>> {
  const tables = {
    actionTokens,
    applications,
    auditEvents,
    inviteLinks,
    memberships,
    outbox,
    sessions,
    users,
  };
  const out: Record<string, number> = {};
  for (const [name, table] of Object.entries(tables))
    out[name] = (await h.db.select({ n: count() }).from(table))[0]!.n;
  out.useCounts = (await h.db.select({ n: inviteLinks.useCount }).from(inviteLinks)).reduce(
    (a, r) => a + r.n,
    0,
  );
  return out;
}

export interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/**
 * Delivers what is due and answers the local mailbox's messages to `address`, oldest first (every
 * page of /dev/mail.json, 500 at a time).
 */
export async function mailTo(h: Harness, address: string): Promise<Mail[]> {
  await h.services.outbox.kick();
  const all: Mail[] = [];
  for (let before = ''; ; ) {
    const res = await h.call('GET', `/dev/mail.json?limit=500${before}`);
    all.push(...(res.body.items as Mail[]));
    if (res.body.nextBefore === null) break;
    before = `&before=${res.body.nextBefore}`;
  }
  return all.filter((m) => m.to === address).reverse();
}

/** The first URL in a message's text that starts with `prefix` (e.g. `/set-password/`). */
export function linkIn(mail: Mail, prefix: string): string {
  const m = new RegExp(
    `${PUBLIC_URL.replace(/[.:/]/g, (c) => `\\${c}`)}${prefix}[A-Za-z0-9_.-]+`,
  ).exec(mail.text);
  if (!m) throw new Error(`no ${prefix} link in: ${mail.text}`);
  return m[0].slice(PUBLIC_URL.length);
}
