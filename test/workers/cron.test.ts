/**
 * The Cron Trigger inside workerd: `scheduled()` drains the outbox (the safety net behind delivery
 * after requests), survives a provider outage, never sends a message twice when runs overlap, and
 * does the housekeeping of features/maintenance/maintenance.ts.
 */
import { createScheduledController } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  actionTokens,
  auditEvents,
  invitations,
  organizations,
  outbox,
  rateLimits,
  renewals,
  sessions,
  users,
} from '../../worker/src/db/schema';
import { runMaintenance } from '../../worker/src/features/maintenance/maintenance';
import { queueMessage } from '../../worker/src/mail/outbox';
import worker from '../../worker/src/entry/worker';
import { createWorkerRuntime } from '../../worker/src/entry/worker-runtime';
import { newId, newNonce } from '../../worker/src/lib/ids';
import { OWNER } from './constants';
import { db, resend, userId } from './helpers';

/**
 * One Cron Trigger event through the Worker's `scheduled()`; answers how it ended, as Cloudflare
 * records it.
 */
async function cron(): Promise<{ outcome: 'ok' | 'exception'; error?: unknown }> {
  try {
    await worker.scheduled(
      createScheduledController({ cron: '*/5 * * * *', scheduledTime: Date.now() }),
      env,
    );
    return { outcome: 'ok' };
  } catch (error) {
    return { outcome: 'exception', error };
  }
}
const quiet = { log: () => {} };

/**
 * People with an address and a queued password-change notice each, as if no request had delivered
 * it.
 */
async function queuedNotices(
  prefix: string,
  n: number,
): Promise<{ emails: string[]; ids: string[] }> {
  const t = Date.now();
  const emails = Array.from({ length: n }, (_, i) => `${prefix}-${i}@workers.test`);
  const people = emails.map((email) => ({
    id: newId(),
    email,
    name: email.split('@')[0]!,
    createdAt: t,
  }));
  const ids: string[] = [];
  await db
    .batch([
      db.insert(users).values(people),
      ...people.map((p) =>
        queueMessage(
          db,
          { kind: 'password_changed', channel: 'email', recipient: p.email, refId: p.id },
          t,
        ).returning({ id: outbox.id }),
      ),
    ])
    .then(([, ...rows]) => ids.push(...rows.map((r) => r[0]!.id)));
  return { emails, ids };
}

const statuses = async (ids: string[]) =>
  (await db.select({ status: outbox.status }).from(outbox).where(inArray(outbox.id, ids))).map(
    (r) => r.status,
  );

describe('scheduled()', () => {
  it('drains a message that no request delivered', async () => {
    const { emails, ids } = await queuedNotices('cron-drain', 1);
    expect(await resend.sentTo(emails[0]!)).toHaveLength(0);
    const result = await cron();
    expect(result.outcome).toBe('ok');
    const mail = await resend.sentTo(emails[0]!);
    expect(mail).toHaveLength(1);
    expect(mail[0]!.subject).toBe('Your Invitations password was changed');
    expect(await statuses(ids)).toEqual(['sent']);
  });

  it('keeps a message through a provider outage and sends it on a later run', async () => {
    const { emails, ids } = await queuedNotices('cron-outage', 1);
    await resend.failNext(1, { status: 503 });
    expect((await cron()).outcome).toBe('ok');
    expect(await resend.sentTo(emails[0]!)).toHaveLength(0);
    const [row] = await db.select().from(outbox).where(eq(outbox.id, ids[0]!));
    expect(row).toMatchObject({ status: 'queued', attempts: 1 });
    expect(row!.lastError).toContain('503');
    // The backoff has passed by the next run.
    await db.update(outbox).set({ nextAttemptAt: Date.now() }).where(eq(outbox.id, ids[0]!));
    expect((await cron()).outcome).toBe('ok');
    expect(await resend.sentTo(emails[0]!)).toHaveLength(1);
    expect(await statuses(ids)).toEqual(['sent']);
  });

  it('overlapping runs in separate isolates send every message exactly once', async () => {
    const { emails, ids } = await queuedNotices('cron-overlap', 24);
    // Two more Worker runtimes built from the same bindings stand for other isolates: their own
    // database client, drainer and memory, sharing only the database and the provider, as in
    // production.
    const [b, c] = await Promise.all([
      createWorkerRuntime(env, quiet),
      createWorkerRuntime(env, quiet),
    ]);
    const runs = await Promise.all([
      cron(),
      runMaintenance(b.services),
      runMaintenance(c.services),
      cron(),
      runMaintenance(b.services),
    ]);
    expect(
      runs.filter((r) => 'outcome' in r).every((r) => 'outcome' in r && r.outcome === 'ok'),
    ).toBe(true);
    const counts = await Promise.all(emails.map(async (e) => (await resend.sentTo(e)).length));
    expect(counts).toEqual(emails.map(() => 1));
    expect(new Set(await statuses(ids))).toEqual(new Set(['sent']));
  });
});

describe('maintenance', () => {
  it('expires overdue invitations, deletes expired sessions, closed rate-limit windows and old single-use links', async () => {
    const t = Date.now();
    const day = 24 * 3600_000;
    const [org] = await db
      .select()
      .from(organizations)
      .where(eq(organizations.name, OWNER.orgName));
    const owner = await userId(OWNER.email);
    const invitation = (email: string, expiresAt: number) => ({
      id: newId(),
      orgId: org!.id,
      email,
      channel: 'email' as const,
      role: 'member' as const,
      status: 'pending' as const,
      tokenNonce: newNonce(),
      expiresAt,
      createdBy: owner,
      createdAt: t - 4 * day,
      updatedAt: t - 4 * day,
    });
    const overdue = invitation('overdue@workers.test', t - 1000);
    const current = invitation('current@workers.test', t + day);
    const session = (expiresAt: number) => ({
      id: newId(),
      userId: owner,
      secretHash: 'x',
      createdAt: t - 31 * day,
      expiresAt,
      lastSeenAt: t - day,
    });
    const oldSession = session(t - 1000);
    const liveSession = session(t + day);
    const token = (expiresAt: number, usedAt: number | null) => ({
      id: newId(),
      purpose: 'set_password' as const,
      userId: owner,
      orgId: org!.id,
      tokenNonce: newNonce(),
      expiresAt,
      usedAt,
      createdAt: expiresAt - 3 * day,
    });
    const longGone = token(t - 8 * day, null);
    const usedLongAgo = token(t + day, t - 8 * day);
    const usedRecently = token(t - day, t - 2 * day);
    await db.batch([
      db.insert(invitations).values([overdue, current]),
      db.insert(sessions).values([oldSession, liveSession]),
      db.insert(rateLimits).values([
        { key: 'maintenance:closed', count: 3, resetAt: t - 1000 },
        { key: 'maintenance:open', count: 3, resetAt: t + 60_000 },
      ]),
      db.insert(actionTokens).values([longGone, usedLongAgo, usedRecently]),
    ]);

    expect((await cron()).outcome).toBe('ok');

    const inv = await db
      .select({ id: invitations.id, status: invitations.status })
      .from(invitations)
      .where(inArray(invitations.id, [overdue.id, current.id]));
    expect(Object.fromEntries(inv.map((r) => [r.id, r.status]))).toEqual({
      [overdue.id]: 'expired',
      [current.id]: 'pending',
    });
    const audit = await db.select().from(auditEvents).where(eq(auditEvents.targetId, overdue.id));
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'invitation.expire',
        orgId: org!.id,
        actorId: null,
        targetType: 'invitation',
      }),
    ]);
    expect(
      (
        await db
          .select({ id: sessions.id })
          .from(sessions)
          .where(inArray(sessions.id, [oldSession.id, liveSession.id]))
      ).map((r) => r.id),
    ).toEqual([liveSession.id]);
    expect(
      (
        await db
          .select({ key: rateLimits.key })
          .from(rateLimits)
          .where(inArray(rateLimits.key, ['maintenance:closed', 'maintenance:open']))
      ).map((r) => r.key),
    ).toEqual(['maintenance:open']);
    const tokensLeft = await db
      .select({ id: actionTokens.id })
      .from(actionTokens)
      .where(inArray(actionTokens.id, [longGone.id, usedLongAgo.id, usedRecently.id]));
    expect(tokensLeft.map((r) => r.id)).toEqual([usedRecently.id]);

    // The invitation that expires within a day reminded its invitee; the overdue one left its
    // inviter a notice (features/renewals/maintenance.ts).
    expect((await resend.sentTo('current@workers.test')).map((m) => m.subject)).toEqual([
      `Reminder: your invitation to join “${OWNER.orgName}” expires soon`,
    ]);
    expect(await db.select().from(renewals).where(eq(renewals.invitationId, overdue.id))).toEqual([
      expect.objectContaining({ kind: 'expired', status: 'pending', ownerId: owner }),
    ]);

    // A second run finds nothing left to do and writes no second audit event, reminder or notice.
    const again = await runMaintenance((await createWorkerRuntime(env, quiet)).services);
    expect(again).toMatchObject({
      expiredInvitations: 0,
      reminders: 0,
      expiryNotices: 0,
      deletedSessions: 0,
      errors: [],
    });
    expect(
      await db.select().from(auditEvents).where(eq(auditEvents.targetId, overdue.id)),
    ).toHaveLength(1);
  });
});
