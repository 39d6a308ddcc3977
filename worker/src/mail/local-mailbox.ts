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

export interface MailboxStore {
  append(items: MailboxItem[]): Promise<void>;
  /** Everything received, oldest first. */
  all(): Promise<MailboxItem[]>;
}

export function memoryMailboxStore(): MailboxStore {
  const items: MailboxItem[] = [];
  return {
    async append(more) {
      items.push(...more);
    },
    async all() {
      return [...items];
    },
  };
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
          messages.map((m, i) => ({
            channel: 'email',
            ...m,
            idempotencyKey: `${idempotencyKey}#${i}`,
            createdAt: stamp(),
          })),
        );
      }
      return { ok: true, providerIds: messages.map(() => null) };
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
      return { ok: true, providerIds: [null] };
    },
  };
  return { email, sms, store };
}
