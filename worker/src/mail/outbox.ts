/**
 * The outbox: every e-mail and SMS is a row written in the same batch as the change that causes it,
 * and a drainer (outbox-drain.ts) delivers due rows. Rows are claimed with a lease (a crashed
 * drainer's claim runs out and the row is claimed again; outbox-claim.ts) and grouped into batches
 * whose key never changes, so a retry repeats the same request with the same idempotency key and
 * the provider sends it once.
 */
import type { Locale } from '../../../shared/i18n';
import type { Db } from '../db/client';
import { outbox } from '../db/schema';
import { newId } from '../lib/ids';
import type { MessageKind } from './messages';

export { createDrainer, type Drainer } from './outbox-drain';

export interface QueuedMessage {
  kind: MessageKind;
  channel: 'email' | 'sms';
  recipient: string;
  refId: string;
  orgId?: string | null;
  /**
   * Set off by someone outside the organization: counted against its public budget
   * (features/organizations/quota.ts).
   */
  byPublic?: boolean;
  /**
   * The language the request that asked for it was made in (a password reset, a code), for kinds
   * whose record keeps none (docs/I18N-messages.md).
   */
  locale?: Locale | null;
}

/** The insert to put in the same batch as the change that causes the message. */
export function queueMessage(db: Db, msg: QueuedMessage, now: number) {
  return db.insert(outbox).values({
    id: newId(),
    orgId: msg.orgId ?? null,
    kind: msg.kind,
    channel: msg.channel,
    recipient: msg.recipient,
    refId: msg.refId,
    byPublic: msg.byPublic ?? false,
    locale: msg.locale ?? null,
    status: 'queued',
    nextAttemptAt: now,
    createdAt: now,
  });
}
