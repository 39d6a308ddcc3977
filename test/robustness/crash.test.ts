/**
 * A crash: the real Node server (worker/src/entry/node.ts in its own process, as `npm start` runs
 * it) is killed with SIGKILL while it drains a batch of 1 000 invitations — the provider has taken
 * one request and not answered — and while invitations and an import are being written. A second
 * server on the same database finishes the work. Afterwards no message is lost or sent twice, and
 * no invitation is half written: each has its outbox row, its audit event, and (for bulk
 * invitations) its single-use link, or none of them exists.
 */
import { createClient } from '@libsql/client';
import { and, eq, inArray } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/libsql';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../worker/src/db/client';
import {
  actionTokens,
  auditEvents,
  invitations,
  memberships,
  outbox,
} from '../../worker/src/db/schema';
import { startResendFake, type ResendFake } from '../fakes/resend-fake';
import { freePort, startServerProcess, type ServerProcess } from '../helpers/server-process';
import { eventually } from '../helpers/robustness';

const PEOPLE = 1000;
const OWNER_PASSWORD = 'a long owner password';

let dir: string;
let fake: ResendFake;
/**
 * One port for every server of the file: a restart keeps PUBLIC_URL, so a retried message is the
 * same request.
 */
let port: string;
const servers: ServerProcess[] = [];
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'invitations-crash-'));
  fake = await startResendFake();
  port = String(await freePort());
});
afterAll(async () => {
  for (const s of servers) await s.stop('SIGKILL');
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

const dbFile = () => join(dir, 'data', 'invitations.db');
async function start(): Promise<ServerProcess> {
  const s = await startServerProcess({
    DATABASE_URL: `file:${dbFile()}`,
    PORT: port,
    OWNER_PASSWORD,
    ORG_NAME: 'Crashco',
    RESEND_API_KEY: 're_test',
    MAIL_FROM: 'Crashco <invites@crashco.test>',
    RESEND_BASE_URL: fake.url,
    OUTBOX_LEASE_SECONDS: '1',
    // A thousand invitations at once: past the default quota, as an operator at this scale would
    // set it.
    ORG_MESSAGES_PER_HOUR: '1000000',
    ORG_MESSAGES_PER_DAY: '1000000',
    MAILBOX_FILE: join(dir, 'mailbox.jsonl'),
  });
  servers.push(s);
  return s;
}

function call(
  s: ServerProcess,
  method: string,
  path: string,
  token: string,
  body?: unknown,
  type = 'application/json',
) {
  return fetch(`${s.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': type }),
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(20_000),
  });
}

/** The database file, read by the test while (or after) a server uses it. */
function openFile() {
  const client = createClient({ url: `file:${dbFile()}` });
  return { db: drizzle(client, { schema }), close: () => client.close() };
}

const csvOf = (prefix: string, n: number) =>
  [
    'firstName,lastName,email',
    ...Array.from({ length: n }, (_, i) => `${prefix},${i},${prefix}${i}@example.com`),
  ].join('\n');

describe('SIGKILL in the middle of draining and writing', () => {
  it('a restart finishes the work: no message lost or sent twice, no half-written invitation', async () => {
    const first = await start();
    const login = await fetch(`${first.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'owner@example.com', password: OWNER_PASSWORD }),
    });
    const { token, memberships: mine } = (await login.json()) as {
      token: string;
      memberships: { orgId: string }[];
    };
    const orgId = mine[0]!.orgId;

    // Three batches go through; Resend takes the fourth and never answers.
    fake.plan([null, null, null, { hang: true, accept: true }]);
    const imported = await call(
      first,
      'POST',
      `/api/orgs/${orgId}/members/import?sendInvitation=true`,
      token,
      csvOf('person', PEOPLE),
      'text/csv',
    );
    expect(imported.status).toBe(200);
    expect(await imported.json()).toMatchObject({ created: PEOPLE, invited: PEOPLE, errors: [] });
    await eventually(() => fake.requests.length >= 4, 20_000, 'the fourth batch request');
    expect(fake.requests.map((r) => r.status)).toEqual([200, 200, 200, null]);

    // While it hangs: personal invitations and a second import are being written when the process
    // dies.
    const answered = new Map<number, string>();
    const writes = Array.from({ length: 60 }, async (_, i) => {
      const res = await call(first, 'POST', `/api/orgs/${orgId}/invitations`, token, {
        email: `invitee${i}@example.com`,
        role: 'member',
      });
      if (res.status === 201)
        answered.set(i, ((await res.json()) as { invitation: { id: string } }).invitation.id);
      return res.status;
    }).map((p) => p.catch(() => 'cut off' as const));
    const secondImport = call(
      first,
      'POST',
      `/api/orgs/${orgId}/members/import?sendInvitation=true`,
      token,
      csvOf('late', 300),
      'text/csv',
    )
      .then((r) => r.status)
      .catch(() => null);
    await eventually(() => answered.size >= 15, 20_000, 'some invitations written', 5);
    await first.stop('SIGKILL');
    const outcomes = await Promise.all(writes);
    const cutOff = outcomes.filter((o) => o === 'cut off').length;
    const importStatus = await secondImport;
    expect(outcomes.filter((o) => o !== 201 && o !== 'cut off')).toEqual([]);
    expect(cutOff, 'the crash came while invitations were being written').toBeGreaterThan(0);

    // A new process on the same file reclaims the unanswered batch once its lease has run out and
    // finishes.
    const second = await start();
    const file = openFile();
    try {
      await eventually(
        async () =>
          (
            await file.db
              .select({ id: outbox.id })
              .from(outbox)
              .where(inArray(outbox.status, ['queued', 'sending']))
              .limit(1)
          ).length === 0,
        40_000,
        'the outbox to drain',
      );
    } finally {
      file.close();
    }
    await second.stop();

    const { db, close } = openFile();
    try {
      const rows = await db.select().from(outbox);
      expect(
        rows.filter((r) => r.status !== 'sent').map((r) => [r.kind, r.status, r.lastError]),
      ).toEqual([]);

      // Personal invitations: every acknowledged one exists; each that exists has its message and
      // audit event, and every message and audit event has its invitation.
      const invs = await db.select().from(invitations).where(eq(invitations.orgId, orgId));
      const invIds = new Set(invs.map((i) => i.id));
      for (const id of answered.values())
        expect(invIds.has(id), `acknowledged invitation ${id}`).toBe(true);
      const invMessages = rows.filter((r) => r.kind === 'invitation_email');
      expect(invMessages.map((m) => m.refId).sort()).toEqual([...invIds].sort());
      const created = await db
        .select({ id: auditEvents.targetId })
        .from(auditEvents)
        .where(eq(auditEvents.action, 'invitation.create'));
      expect(created.map((a) => a.id).sort()).toEqual([...invIds].sort());

      // Bulk invitations (both imports): every pending member has exactly one unused single-use
      // link and one message naming it, and no message or link lacks its member. The second import
      // is all or nothing.
      const pending = await db
        .select()
        .from(memberships)
        .where(and(eq(memberships.orgId, orgId), eq(memberships.status, 'pending')));
      const late = pending.filter((m) => m.firstName === 'late').length;
      expect([0, 300]).toContain(late);
      if (importStatus === 200) expect(late).toBe(300);
      const tokens = await db.select().from(actionTokens).where(eq(actionTokens.orgId, orgId));
      const memberMessages = rows.filter((r) => r.kind === 'member_invite_email');
      expect(tokens).toHaveLength(pending.length);
      expect(memberMessages).toHaveLength(pending.length);
      const tokenOf = new Map(tokens.map((t) => [t.id, t.userId]));
      expect(new Set(memberMessages.map((m) => tokenOf.get(m.refId)))).toEqual(
        new Set(pending.map((m) => m.userId)),
      );
      expect(
        pending
          .filter((m) => m.invitationState !== 'invited')
          .map((m) => [m.firstName, m.invitationState, m.invitationError]),
      ).toEqual([]);

      // Exactly once at the provider: one message per person and per invitation that exists,
      // nothing else.
      const perRecipient = new Map<string, number>();
      for (const m of fake.sent)
        for (const to of m.to) perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
      const expected = [
        ...pending.map((m) => `${m.firstName}${m.lastName}@example.com`),
        ...invs.map((i) => i.email!),
      ].sort();
      expect([...perRecipient.keys()].sort()).toEqual(expected);
      expect([...perRecipient.entries()].filter(([, n]) => n !== 1)).toEqual([]);
      // The batch the provider took before the crash was repeated with its key and replayed, not
      // sent again.
      const hungKey = fake.requests[3]!.idempotencyKey;
      expect(
        fake.requests
          .filter((r) => r.idempotencyKey === hungKey)
          .map((r) => [r.status, r.replayed]),
      ).toEqual([
        [null, false],
        [200, true],
      ]);
    } finally {
      close();
    }
  });
});
