/**
 * Helpers for the invitation and member tests: delivering the outbox, reading the local mailbox,
 * pulling links and initial passwords out of messages, and workspaces/departments made through the
 * API.
 */
import { workspaceMembers } from '../../worker/src/db/schema';
import type { MailboxItem } from '../../worker/src/mail/local-mailbox';
import type { Harness } from './harness';

/** Delivers everything due now. */
export async function deliver(h: Harness): Promise<void> {
  await h.services.outbox.kick();
}

/** The local mailbox, oldest first. */
export async function mailbox(h: Harness): Promise<MailboxItem[]> {
  return h.services.mailbox ? h.services.mailbox.all() : [];
}

/** Messages to `to`, oldest first. */
export async function messagesTo(h: Harness, to: string): Promise<MailboxItem[]> {
  return (await mailbox(h)).filter((m) => m.to === to);
}

/** The token of the first `/<path>/<token>` link in a text. */
export function linkToken(text: string, path: 'invite' | 'set-password' | 'confirm'): string {
  const m = new RegExp(`/${path}/([A-Za-z0-9_-]{1,64}\\.[A-Za-z0-9_-]{43})`).exec(text);
  if (!m) throw new Error(`no /${path}/ link in: ${text}`);
  return m[1]!;
}

/** The initial password a message shows. */
export function initialPasswordIn(text: string): string {
  const m = /(?:Initial password: |with password )([0-9a-z]{24})/.exec(text);
  if (!m) throw new Error(`no initial password in: ${text}`);
  return m[1]!;
}

export async function createWorkspace(
  h: Harness,
  orgId: string,
  token: string,
  name: string,
): Promise<string> {
  const res = await h.call('POST', `/api/orgs/${orgId}/workspaces`, { token, body: { name } });
  if (res.status !== 201) throw new Error(`workspace: ${res.status} ${res.text}`);
  return res.body.id as string;
}

export async function createDepartment(
  h: Harness,
  orgId: string,
  token: string,
  name: string,
): Promise<string> {
  const res = await h.call('POST', `/api/orgs/${orgId}/departments`, { token, body: { name } });
  if (res.status !== 201) throw new Error(`department: ${res.status} ${res.text}`);
  return res.body.id as string;
}

/** Gives `userId` a role in a workspace (a manager in one workspace is a "workspace manager"). */
export async function joinWorkspace(
  h: Harness,
  orgId: string,
  workspaceId: string,
  userId: string,
  role: 'member' | 'manager',
): Promise<void> {
  await h.db
    .insert(workspaceMembers)
    .values({ workspaceId, userId, orgId, role, createdAt: h.clock.now() });
}

/** Adds a pending member through the API and answers its user id. */
export async function addPerson(
  h: Harness,
  orgId: string,
  token: string,
  body: Record<string, unknown>,
): Promise<string> {
  const res = await h.call('POST', `/api/orgs/${orgId}/members`, {
    token,
    body: { firstName: 'Test', lastName: 'Person', ...body },
  });
  if (res.status !== 201) throw new Error(`add member: ${res.status} ${res.text}`);
  return res.body.userId as string;
}

/** The code in the latest verification message to `to` (delivers what is due first). */
export async function codeSentTo(h: Harness, to: string): Promise<string> {
  await deliver(h);
  const sent = (await messagesTo(h, to))
    .filter((m) => /code/i.test(`${m.subject} ${m.text}`))
    .at(-1);
  const m = sent ? /\b(\d{8})\b/.exec(sent.text) : null;
  if (!m) throw new Error(`no code sent to ${to}`);
  return m[1]!;
}

/**
 * Accepts an invitation handed out as a copied link the way its invitee does: asks for a code,
 * reads it where the invitation's address receives mail, and accepts with it.
 */
export async function acceptCopiedLink(
  h: Harness,
  token: string,
  body: Record<string, unknown>,
  opts: { bearer?: string; ip?: string } = {},
) {
  const headers = opts.ip ? { 'cf-connecting-ip': opts.ip } : undefined;
  const sent = await h.call('POST', `/api/invite/${token}/code`, { headers });
  if (sent.status !== 202) throw new Error(`code: ${sent.status} ${sent.text}`);
  const code = await codeSentTo(h, sent.body.sentTo as string);
  return h.call('POST', `/api/invite/${token}/accept`, {
    body: { ...body, code },
    token: opts.bearer,
    headers,
  });
}

export const HOUR = 3600_000;
