/**
 * The outbox through the real app, the real database and a local fake of Resend's HTTP API that
 * fails on demand: messages wait through an outage and then go exactly once.
 */
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { outbox } from '../../worker/src/db/schema';
import { queueMessage } from '../../worker/src/mail/outbox';
import {
  type MessageDefinition,
  type MessageKind,
  messageRegistry,
} from '../../worker/src/mail/messages';
import { MESSAGES } from '../../worker/src/message-registry';
import { resendTransport } from '../../worker/src/mail/resend';
import { startResendFake, type ResendFake } from '../fakes/resend-fake';
import { startHarness, type Harness } from '../helpers/harness';
import { createUser, PASSWORD, type Person } from '../helpers/seed';

let fake: ResendFake;
let h: Harness;
let people: Person[];

beforeAll(async () => {
  fake = await startResendFake();
});
afterAll(() => fake.close());
beforeEach(async () => {
  fake.reset();
  h = await startHarness({
    email: resendTransport({
      apiKey: 're_test',
      from: 'Invitations <no-reply@example.com>',
      baseUrl: fake.url,
      timeoutMs: 300,
    }),
    autoDeliver: false, // the tests drain by hand, to see each step
  });
  people = [];
  for (const name of ['ann', 'bob', 'cid']) people.push(await createUser(h, `${name}@example.com`));
});
afterEach(() => h.close());

/** Changes each person's password through the API: each queues one notice. */
async function changePasswords() {
  for (const p of people) {
    const res = await h.call('POST', '/api/account/password', {
      token: p.token,
      body: { currentPassword: PASSWORD, newPassword: 'a different password' },
    });
    expect(res.status).toBe(204);
  }
}

const rows = () => h.db.select().from(outbox);
/** A kind only a test's own registry knows. */
const testKind = (kind: string) => kind as MessageKind;
const sentPerAddress = () => people.map((p) => fake.sentTo(p.email).length);

describe('outbox delivery', () => {
  it('sends queued messages in one batch request with an idempotency key', async () => {
    await changePasswords();
    await h.services.outbox.kick();
    expect(sentPerAddress()).toEqual([1, 1, 1]);
    expect(fake.requests.filter((r) => r.path === '/emails/batch')).toHaveLength(1);
    expect(fake.sent[0]!.idempotencyKey).toBeTruthy();
    expect(fake.sent[0]!.subject).toBe('Your Invitations password was changed');
    expect((await rows()).every((r) => r.status === 'sent' && r.sentAt !== null)).toBe(true);
  });

  it('waits through 500s, a 429 with retry-after and a timeout, then sends each message exactly once', async () => {
    fake.plan([{ status: 500 }, { status: 429, retryAfterSeconds: 30 }, { hang: true }]);
    await changePasswords();
    await h.services.outbox.kick();
    expect(fake.sent).toHaveLength(0);
    expect((await rows()).every((r) => r.status === 'queued' && r.attempts === 1)).toBe(true);

    h.clock.advance(2_000); // past the first backoff
    await h.services.outbox.kick();
    expect((await rows())[0]!.lastError).toMatch(/429/);
    h.clock.advance(10_000); // the provider asked for 30 s: nothing is tried before then
    await h.services.outbox.kick();
    expect(fake.requests).toHaveLength(2);

    h.clock.advance(25_000);
    await h.services.outbox.kick(); // the hang times out
    expect((await rows())[0]!.lastError).toMatch(/did not answer/);
    h.clock.advance(60_000);
    await h.services.outbox.kick();
    expect(sentPerAddress()).toEqual([1, 1, 1]);
    expect((await rows()).every((r) => r.status === 'sent')).toBe(true);
    expect([...fake.sentCountByIdempotencyKey().values()]).toEqual([3]);
  });

  it('never sends twice when the provider accepted a batch but the answer was lost', async () => {
    fake.failNext(1, { status: 500, accept: true });
    await changePasswords();
    await h.services.outbox.kick();
    expect(fake.sent).toHaveLength(3);
    h.clock.advance(5_000);
    await h.services.outbox.kick();
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[1]!.replayed).toBe(true);
    expect(sentPerAddress()).toEqual([1, 1, 1]);
    expect((await rows()).every((r) => r.status === 'sent')).toBe(true);
  });

  it('treats a 4xx other than 429 as final and records the reason', async () => {
    fake.failNext(1, { status: 422, message: 'Invalid `to` field' });
    await changePasswords();
    await h.services.outbox.kick();
    h.clock.advance(3_600_000);
    await h.services.outbox.kick();
    expect(fake.requests).toHaveLength(1);
    for (const r of await rows()) {
      expect(r.status).toBe('error');
      expect(r.lastError).toMatch(/422/);
    }
  });

  it('gives up after a bounded number of attempts', async () => {
    fake.setMode({ status: 503 });
    await changePasswords();
    for (let i = 0; i < 15; i++) {
      await h.services.outbox.kick();
      h.clock.advance(3_600_000);
    }
    expect(fake.requests).toHaveLength(10);
    expect((await rows()).every((r) => r.status === 'error' && r.attempts === 10)).toBe(true);
  });

  it('skips a message whose subject is gone, without sending it', async () => {
    const t = h.clock.now();
    await queueMessage(
      h.db,
      {
        kind: 'password_changed',
        channel: 'email',
        recipient: 'x@example.com',
        refId: 'no-such-user',
      },
      t,
    );
    await h.services.outbox.kick();
    expect(fake.requests).toHaveLength(0);
    expect((await rows()).map((r) => r.status)).toEqual(['skipped']);
  });

  it('records a row of a kind no definition knows as an error, with a log line, and sends the rest', async () => {
    const t = h.clock.now();
    // What an older version may have left in the outbox: queueMessage takes no such kind.
    await h.db.insert(outbox).values({
      id: 'old-row',
      kind: testKind('no_such_kind'),
      channel: 'email',
      recipient: 'y@example.com',
      refId: people[0]!.id,
      status: 'queued',
      nextAttemptAt: t,
      createdAt: t,
    });
    await queueMessage(
      h.db,
      {
        kind: 'password_changed',
        channel: 'email',
        recipient: people[1]!.email,
        refId: people[1]!.id,
      },
      t,
    );
    await h.services.outbox.kick();
    h.clock.advance(3_600_000);
    await h.services.outbox.kick();
    const [old] = await h.db.select().from(outbox).where(eq(outbox.id, 'old-row'));
    expect(old).toMatchObject({
      status: 'error',
      lastError: 'unknown message kind',
      lockedUntil: null,
    });
    expect(sentPerAddress()).toEqual([0, 1, 0]);
    const lines = h.logs.filter((l) => l.includes('old-row'));
    expect(lines).toEqual(['outbox: no_such_kind old-row unknown message kind']);
    expect(h.logs.join('\n')).not.toContain('y@example.com');
  });

  it('claims a message once even when two drainers run at the same time', async () => {
    await changePasswords();
    await Promise.all([
      h.services.outbox.drainOnce(),
      h.services.outbox.drainOnce(),
      h.services.outbox.drainOnce(),
    ]);
    expect(sentPerAddress()).toEqual([1, 1, 1]);
  });

  it('renders messages at delivery and keeps only references in the outbox', async () => {
    await changePasswords();
    const [row] = await h.db.select().from(outbox).where(eq(outbox.refId, people[0]!.id));
    expect(Object.keys(row!).sort()).toEqual(
      [
        'attempts',
        'batchKey',
        'byPublic',
        'channel',
        'createdAt',
        // What the provider's delivery reports said (features/delivery): status, time, reason.
        'deliveryAt',
        'deliveryReason',
        'deliveryStatus',
        'id',
        'kind',
        'lastError',
        // The language the request asked for (docs/I18N-messages.md): no secret.
        'locale',
        'lockedUntil',
        'nextAttemptAt',
        'orgId',
        'providerMessageId',
        'recipient',
        'refId',
        'sentAt',
        'status',
      ].sort(),
    );
  });
});

describe('outbox: SMS and broken kinds', () => {
  it('sends SMS one by one with their own keys, and records a kind that cannot render as an error', async () => {
    const smsSent: { to: string; body: string; key: string }[] = [];
    const testSms: MessageDefinition<string> = {
      kind: 'test_sms',
      render: async (_ctx, refId) => ({ to: `+1555000${refId}`, body: `code ${refId}` }),
    };
    const broken: MessageDefinition<string> = {
      kind: 'broken',
      render: async () => {
        throw new Error('template bug');
      },
    };
    const h2 = await startHarness({
      autoDeliver: false,
      messages: messageRegistry([...MESSAGES.values(), testSms, broken]),
      sms: {
        name: 'test',
        send: async (m, key) => {
          smsSent.push({ ...m, key });
          return { ok: true, providerIds: ['SM1'] };
        },
      },
    });
    try {
      const t = h2.clock.now();
      await h2.db.batch([
        queueMessage(
          h2.db,
          { kind: testKind('test_sms'), channel: 'sms', recipient: '+15550001', refId: '1' },
          t,
        ),
        queueMessage(
          h2.db,
          { kind: testKind('test_sms'), channel: 'sms', recipient: '+15550002', refId: '2' },
          t,
        ),
        queueMessage(
          h2.db,
          { kind: testKind('broken'), channel: 'email', recipient: 'x@example.com', refId: 'x' },
          t,
        ),
      ]);
      await h2.services.outbox.kick();
      await h2.services.outbox.kick();
      expect(smsSent.map((m) => m.to).sort()).toEqual(['+15550001', '+15550002']);
      expect(new Set(smsSent.map((m) => m.key)).size).toBe(2);
      const all = await h2.db.select().from(outbox);
      expect(
        all
          .filter((r) => r.kind === testKind('test_sms'))
          .every((r) => r.status === 'sent' && r.providerMessageId === 'SM1'),
      ).toBe(true);
      expect(all.find((r) => r.kind === testKind('broken'))).toMatchObject({
        status: 'error',
        lastError: 'could not render: template bug',
      });
    } finally {
      await h2.close();
    }
  });
});
