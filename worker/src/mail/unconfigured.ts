/**
 * What a channel without a provider uses outside local mode (config.ts `localMode`): every message
 * fails for good with a reason the outbox records — on the message, and through the message kind's
 * `onFailed` on the person's invitation state — so nothing is silently dropped and nothing waits
 * for a provider that will never answer. The local mailbox is no fallback there: /dev/mail would
 * show set-password links to whoever opens it.
 */
import type { EmailTransport, SmsTransport } from './transport';

export const EMAIL_NOT_CONFIGURED = 'E-mail is not configured on this server (RESEND_API_KEY)';
export const SMS_NOT_CONFIGURED = 'SMS is not configured on this server (SMS_PROVIDER)';

export const unconfiguredTransport: { email: EmailTransport; sms: SmsTransport } = {
  email: {
    name: 'none',
    maxBatch: 100,
    sendBatch: async () => ({ ok: false, retryable: false, reason: EMAIL_NOT_CONFIGURED }),
  },
  sms: {
    name: 'none',
    send: async () => ({ ok: false, retryable: false, reason: SMS_NOT_CONFIGURED }),
  },
};
