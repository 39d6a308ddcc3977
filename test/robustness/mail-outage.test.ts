/**
 * A mail provider outage during a bulk "send invitation" to 1 000 people and a stream of approvals:
 * the local Resend fake answers 500, then 429 with retry-after, then never answers (after recording
 * the messages, so a blind retry would send them twice), then recovers. Time moves only when the
 * test moves the harness clock, and delivery runs only when the test kicks the drainer. Afterwards
 * every message went out exactly once and every state is right.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { applications, memberships, outbox } from '../../worker/src/db/schema';
import { createDrainer } from '../../worker/src/mail/outbox';
import { createTokenKit } from '../../worker/src/lib/tokens';
import { MESSAGES } from '../../worker/src/message-registry';
import { resendTransport } from '../../worker/src/mail/resend';
import { startResendFake, type ResendFake } from '../fakes/resend-fake';
import {
  AT_SCALE_QUOTA,
  PUBLIC_URL,
  startHarness,
  TEST_SECRET,
  type Harness,
} from '../helpers/harness';
import { linkToken } from '../helpers/invitations';
import { apply, createLink } from '../helpers/links';
import { orgWithRoles } from '../helpers/seed';

const PEOPLE = 1000;
const APPLICANTS = 40;

let fake: ResendFake;
let h: Harness;
let org: Awaited<ReturnType<typeof orgWithRoles>>;
beforeAll(async () => {
  fake = await startResendFake();
});
afterAll(() => fake.close());
beforeEach(async () => {
  fake.reset();
  h = await startHarness({
    email: resendTransport({
      apiKey: 're_test',
      from: 'Acme <invites@acme.test>',
      baseUrl: fake.url,
      timeoutMs: 250,
    }),
    autoDeliver: false,
    messageQuota: AT_SCALE_QUOTA,
  });
  org = await orgWithRoles(h);
});
afterEach(() => h.close());

const outboxRows = () => h.db.select().from(outbox);

/** `n` people added by import, not yet invited; answers their user ids. */
async function importPeople(n: number): Promise<string[]> {
  const csv = [
    'firstName,lastName,email',
    ...Array.from({ length: n }, (_, i) => `Person,${i},person${i}@example.com`),
  ].join('\n');
  const imported = await h.call('POST', `/api/orgs/${org.orgId}/members/import`, {
    token: org.owner.token,
    raw: csv,
    headers: { 'content-type': 'text/csv' },
  });
  expect(imported.body).toMatchObject({ created: n, errors: [] });
  return (
    await h.db
      .select({ id: memberships.userId })
      .from(memberships)
      .where(and(eq(memberships.orgId, org.orgId), eq(memberships.status, 'pending')))
  ).map((r) => r.id);
}

/** `n` applications waiting for review; answers their ids. */
async function applications_(n: number): Promise<string[]> {
  const link = await createLink(h, org.orgId, org.admin.token);
  for (let i = 0; i < n; i++)
    expect(
      (
        await apply(
          h,
          link.token,
          { name: `Applicant ${i}`, email: `applicant${i}@example.com` },
          `10.70.${i}.1`,
        )
      ).status,
    ).toBe(201);
  return (
    await h.db
      .select({ id: applications.id })
      .from(applications)
      .where(eq(applications.linkId, link.id))
  ).map((r) => r.id);
}

const approve = async (id: string) => {
  const res = await h.call('POST', `/api/orgs/${org.orgId}/applications/${id}/approve`, {
    token: org.admin.token,
  });
  expect(res.status, res.text).toBe(200);
};

/**
 * Every outbox row sent, each of `expected` got exactly one message, every pending member is
 * invited.
 */
async function expectEachSentOnce(expected: string[]) {
  const rows = await outboxRows();
  expect(rows).toHaveLength(expected.length);
  expect(rows.filter((r) => r.status !== 'sent').map((r) => [r.status, r.lastError])).toEqual([]);
  const perRecipient = new Map<string, number>();
  for (const m of fake.sent)
    for (const to of m.to) perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
  expect([...perRecipient.keys()].sort()).toEqual([...expected].sort());
  expect([...perRecipient.entries()].filter(([, n]) => n !== 1)).toEqual([]);
  expect(fake.sent).toHaveLength(expected.length);
  // Per idempotency key: at most one batch's worth, and one payload (the fake answers 409 to a
  // changed payload).
  const byKey = fake.sentCountByIdempotencyKey();
  expect([...byKey.values()].reduce((a, b) => a + b, 0)).toBe(expected.length);
  expect([...byKey.values()].every((n) => n >= 1 && n <= 100)).toBe(true);
  expect(fake.requests.filter((r) => r.status === 409 || r.status === 422)).toEqual([]);
  // What the provider took without answering was repeated under the same key and replayed, not sent
  // again.
  for (const key of new Set(
    fake.requests.filter((r) => r.status === null).map((r) => r.idempotencyKey),
  )) {
    expect(
      fake.requests.some((r) => r.idempotencyKey === key && r.status === 200 && r.replayed),
    ).toBe(true);
  }
  const states = await h.db
    .select({ s: memberships.invitationState })
    .from(memberships)
    .where(and(eq(memberships.orgId, org.orgId), eq(memberships.status, 'pending')));
  expect(states.filter((r) => r.s !== 'invited')).toEqual([]);
}

describe('Resend outage: 500, then 429 with retry-after, then timeouts, then recovery', () => {
  it('sends each of 1 000 invitations and every welcome exactly once, and every member ends invited', async () => {
    const people = await importPeople(PEOPLE);
    const appIds = await applications_(APPLICANTS);
    let approved = 0;
    const approveSome = async (n: number) => {
      for (const id of appIds.slice(approved, approved + n)) await approve(id);
      approved += n;
    };

    // Phase 1: every request fails with 500. The bulk send is queued all the same.
    fake.setMode({ status: 500 });
    const sent = await h.call('POST', `/api/orgs/${org.orgId}/members/invite`, {
      token: org.admin.token,
      body: { userIds: people, channel: 'email' },
    });
    expect(sent.status).toBe(202);
    expect(sent.body).toEqual({ queued: PEOPLE, errors: [] });
    await approveSome(10);
    await h.services.outbox.kick();
    expect(fake.sent).toHaveLength(0);
    expect(fake.requests.length).toBeGreaterThanOrEqual(10);
    expect(fake.requests.every((r) => r.status === 500)).toBe(true);
    expect((await outboxRows()).every((r) => r.status === 'queued')).toBe(true);
    const queuedStates = await h.db
      .select({ s: memberships.invitationState })
      .from(memberships)
      .where(and(eq(memberships.orgId, org.orgId), eq(memberships.status, 'pending')));
    expect(new Set(queuedStates.map((r) => r.s))).toEqual(new Set(['queued']));

    // Phase 2: rate limited, "retry after 30 s": nothing is tried again before that.
    fake.setMode({ status: 429, retryAfterSeconds: 30 });
    await approveSome(10);
    h.clock.advance(3_000);
    await h.services.outbox.kick();
    const after429 = fake.requests.length;
    expect(fake.requests.at(-1)!.status).toBe(429);
    h.clock.advance(20_000);
    await h.services.outbox.kick();
    expect(fake.requests.length, 'a request before retry-after ran out').toBe(after429);

    // Phase 3: the provider takes the messages but never answers; the client times out.
    fake.setMode({ hang: true, accept: true });
    await approveSome(10);
    h.clock.advance(11_000);
    await h.services.outbox.kick();
    expect(fake.requests.some((r) => r.status === null)).toBe(true);
    expect(fake.sent.length).toBeGreaterThan(0); // the dangerous case: delivered, but the product does not know

    // Phase 4: recovery; the rest of the approvals arrive meanwhile.
    fake.setMode(null);
    await approveSome(APPLICANTS - approved);
    for (
      let round = 0;
      round < 40 && (await outboxRows()).some((r) => r.status !== 'sent');
      round++
    ) {
      h.clock.advance(60_000);
      await h.services.outbox.kick();
    }

    await expectEachSentOnce([
      ...Array.from({ length: PEOPLE }, (_, i) => `person${i}@example.com`),
      ...Array.from({ length: APPLICANTS }, (_, i) => `applicant${i}@example.com`),
    ]);
    expect(new Set(fake.requests.map((r) => r.status))).toEqual(new Set([500, 429, null, 200]));
    const approvedApps = await h.db
      .select({ status: applications.status })
      .from(applications)
      .where(inArray(applications.id, appIds));
    expect(approvedApps.every((a) => a.status === 'approved')).toBe(true);
    // And the messages work: a set-password link from an invitation and from a welcome opens its
    // page.
    for (const to of ['person7@example.com', 'applicant3@example.com']) {
      const mail = fake.sentTo(to)[0]!;
      const res = await h.request(`/set-password/${linkToken(mail.text!, 'set-password')}`);
      expect(res.status, to).toBe(200);
    }
  });

  it('two drainers at once (two processes or isolates) while approvals keep arriving: still each message exactly once', async () => {
    const people = await importPeople(300);
    const appIds = await applications_(30);
    // A second drainer on the same database, as another process or Worker isolate would run one.
    const other = createDrainer({
      db: h.db,
      email: h.services.email,
      sms: h.services.sms,
      messages: MESSAGES,
      tokens: createTokenKit(TEST_SECRET),
      publicUrl: PUBLIC_URL,
      now: h.clock.now,
    });
    const drainers = [h.services.outbox, other];
    const phases = [
      { status: 500 },
      { status: 429, retryAfterSeconds: 5 },
      { hang: true as const, accept: true },
      { status: 503 },
      null,
    ];
    fake.setMode(phases[0]!);
    const sent = await h.call('POST', `/api/orgs/${org.orgId}/members/invite`, {
      token: org.admin.token,
      body: { userIds: people, channel: 'email' },
    });
    expect(sent.body).toEqual({ queued: 300, errors: [] });
    let next = 0;
    for (const mode of phases) {
      fake.setMode(mode);
      // Approvals and both drainers, all at the same time; then both drainers once more.
      await Promise.all([
        ...appIds.slice(next, next + 6).map(approve),
        ...drainers.map((d) => d.kick()),
      ]);
      await Promise.all(drainers.map((d) => d.kick()));
      next += 6;
      h.clock.advance(31_000);
    }
    expect(new Set(fake.requests.map((r) => r.status))).toEqual(
      new Set([500, 429, null, 503, 200]),
    );
    for (
      let round = 0;
      round < 40 && (await outboxRows()).some((r) => r.status !== 'sent');
      round++
    ) {
      await Promise.all(drainers.map((d) => d.kick()));
      h.clock.advance(60_000);
    }
    await expectEachSentOnce([
      ...Array.from({ length: 300 }, (_, i) => `person${i}@example.com`),
      ...Array.from({ length: 30 }, (_, i) => `applicant${i}@example.com`),
    ]);
  });
});
