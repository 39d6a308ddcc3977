/**
 * What became of a message after the provider accepted it, as its delivery reports (Resend's
 * webhooks, the SMS provider's status callbacks) tell: the newest word on the latest message about
 * an invitation or a member. `null`: no report yet (or the provider sends none).
 */

/**
 * `delayed`: the receiving server refused for now and the provider keeps trying; `delivered`: the
 * receiving server (or the phone network) took it; `bounced`: refused for good; `complained`: the
 * recipient marked it as spam; `failed`: an SMS the network could not deliver.
 */
export const DELIVERY_STATUSES = [
  'delayed',
  'delivered',
  'bounced',
  'complained',
  'failed',
] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface DeliveryDto {
  status: DeliveryStatus;
  /** When the provider saw it happen (ISO-8601). */
  at: string;
  /** The provider's words for a bounce or failure; null otherwise. */
  reason: string | null;
}
