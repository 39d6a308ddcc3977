/**
 * The local mailbox: where e-mail and SMS go in local mode (config.ts `localMode`: no provider
 * configured at all, a loopback PUBLIC_URL), and nowhere else. It keeps what it received outside
 * the product database, as a real inbox would, and is shown at /dev/mail.
 */
import type { EmailTransport, SmsTransport } from './transport';

export interface MailboxItem {
  channel: 'email' | 'sms';
  to: string;
  subject: string;
  text: string;
  html: string;
  idempotencyKey: string;
  createdAt: string;
}

/**
 * Where the mailbox keeps messages. Each has a position: 0 for the first received, counting up.
 * The pages read one page at a time (`count` and `slice`), never the whole mailbox.
 */
export interface MailboxStore {
  append(items: MailboxItem[]): Promise<void>;
  /** How many messages there are. */
  count(): Promise<number>;
  /** The messages at positions `from` to `to - 1`, oldest first. */
  slice(from: number, to: number): Promise<MailboxItem[]>;
  /** Everything received, oldest first (for tests and tools; the pages never call it). */
  all(): Promise<MailboxItem[]>;
}

export function memoryMailboxStore(): MailboxStore {
  const items: MailboxItem[] = [];
  return {
    async append(more) {
      items.push(...more);
    },
    async count() {
      return items.length;
    },
    async slice(from, to) {
      return items.slice(from, to);
    },
    async all() {
      return [...items];
    },
  };
}

export interface MailboxPage {
  /** Newest first, each with its position as `id` (what `before` takes). */
  items: (MailboxItem & { id: string })[];
  /** Messages in the mailbox. */
  total: number;
  /** `before` for the next, older page; null on the last. */
  nextBefore: string | null;
}

/** Up to `limit` messages received before position `before` (default: the newest), newest first. */
export async function mailboxPage(
  store: MailboxStore,
  input: { limit: number; before?: number },
): Promise<MailboxPage> {
  const total = await store.count();
  const to = Math.min(input.before ?? total, total);
  const from = Math.max(0, to - input.limit);
  const items = (await store.slice(from, to))
    .map((m, i) => ({ ...m, id: String(from + i) }))
    .reverse();
  return { items, total, nextBefore: from > 0 ? String(from) : null };
}

/** A mailbox that, like a provider, drops a repeated request with the same idempotency key. */
export function localMailbox(store: MailboxStore, now: () => number) {
  const seen = new Set<string>();
  const stamp = () => new Date(now()).toISOString();
  const email: EmailTransport = {
    name: 'local-mailbox',
    maxBatch: 100,
    async sendBatch(messages, idempotencyKey) {
      if (!seen.has(idempotencyKey)) {
        seen.add(idempotencyKey);
        await store.append(
          messages.map(({ to, subject, text, html }, i) => ({
            channel: 'email',
            to,
            subject,
            text,
            html,
            idempotencyKey: `${idempotencyKey}#${i}`,
            createdAt: stamp(),
          })),
        );
      }
      // Each message's key stands for the provider's id, so delivery reports can be tried locally
      // (README "Delivery status").
      return { ok: true, providerIds: messages.map((_, i) => `${idempotencyKey}#${i}`) };
    },
  };
  const sms: SmsTransport = {
    name: 'local-mailbox',
    async send(message, idempotencyKey) {
      if (!seen.has(idempotencyKey)) {
        seen.add(idempotencyKey);
        await store.append([
          {
            channel: 'sms',
            to: message.to,
            subject: 'SMS',
            text: message.body,
            html: '',
            idempotencyKey,
            createdAt: stamp(),
          },
        ]);
      }
      return { ok: true, providerIds: [idempotencyKey] };
    },
  };
  return { email, sms, store };
}
