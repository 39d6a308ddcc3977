/**
 * The drainer renders a batch's messages together when their kind can (`renderMany`: one query for
 * the batch) and marks the batch sent in one statement, each row keeping its own provider id. A
 * batch render that fails falls back to rendering one at a time, so only the message that cannot be
 * rendered is recorded as an error.
 */
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

let fake: ResendFake;
let h: Harness;
const calls: string[] = [];

const email = (refId: string) => ({
  to: `${refId}@example.com`,
  subject: `hello ${refId}`,
  text: `hello ${refId}`,
  html: `<p>hello ${refId}</p>`,
});
const batchKind: MessageDefinition<string> = {
  kind: 'test_batch',
  render: async (_ctx, refId) => {
    calls.push(`one:${refId}`);
    if (refId === 'bad') throw new Error('template bug');
    return refId === 'gone' ? null : email(refId);
  },
  renderMany: async (_ctx, refIds) => {
    calls.push(`many:${refIds.join(',')}`);
    if (refIds.includes('bad')) throw new Error('template bug');
    return refIds.map((r) => (r === 'gone' ? null : email(r)));
  },
};

beforeAll(async () => {
  fake = await startResendFake();
});
afterAll(() => fake.close());
beforeEach(async () => {
  fake.reset();
  calls.length = 0;
  h = await startHarness({
    email: resendTransport({
      apiKey: 're_test',
      from: 'Invitations <no-reply@example.com>',
      baseUrl: fake.url,
      timeoutMs: 1000,
    }),
    messages: messageRegistry([...MESSAGES.values(), batchKind]),
    autoDeliver: false,
  });
});
afterEach(() => h.close());

async function queue(refIds: string[]) {
  const t = h.clock.now();
  for (const refId of refIds)
    await queueMessage(
      h.db,
      {
        kind: 'test_batch' as MessageKind,
        channel: 'email',
        recipient: `${refId}@example.com`,
        refId,
      },
      t,
    );
}

const byRef = async () => new Map((await h.db.select().from(outbox)).map((r) => [r.refId, r]));

describe('outbox: batch rendering', () => {
  it('renders a batch in one call, skips what no longer applies, and keeps each provider id on its row', async () => {
    await queue(['a', 'b', 'gone', 'c']);
    await h.services.outbox.kick();
    expect(calls).toHaveLength(1);
    expect(calls[0]!.startsWith('many:')).toBe(true);
    expect(fake.requests.filter((r) => r.path === '/emails/batch')).toHaveLength(1);
    const rows = await byRef();
    expect(rows.get('gone')!.status).toBe('skipped');
    for (const ref of ['a', 'b', 'c']) {
      const [sent] = fake.sentTo(`${ref}@example.com`);
      expect(rows.get(ref)).toMatchObject({ status: 'sent', providerMessageId: sent!.id });
    }
  });

  it('falls back to one at a time when the batch render fails: only the broken message is an error', async () => {
    await queue(['a', 'bad', 'b']);
    await h.services.outbox.kick();
    expect(calls.filter((c) => c.startsWith('one:')).sort()).toEqual(['one:a', 'one:b', 'one:bad']);
    const rows = await byRef();
    expect(rows.get('bad')).toMatchObject({
      status: 'error',
      lastError: 'could not render: template bug',
    });
    expect(rows.get('a')!.status).toBe('sent');
    expect(rows.get('b')!.status).toBe('sent');
    expect(fake.sent.map((m) => m.subject).sort()).toEqual(['hello a', 'hello b']);
  });
});
