/**
 * How times, counts and statuses read in the UI, in the browser's language (lib/i18n.ts `uiLocale`,
 * which lib/dashboard/dates.ts follows too: one date family in the popup and the dashboard).
 */
import type { DeliveryDto } from '../../shared/api/delivery';
import { messageFor, plural, t, uiLocale } from './i18n';

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/**
 * "in 3 days", "5 minutes ago", "now" (days at most: links and invitations live weeks, not years).
 */
export function formatRelative(iso: string | null, now: number = Date.now()): string {
  if (!iso) return '';
  const relative = new Intl.RelativeTimeFormat(uiLocale(), { numeric: 'auto' });
  const seconds = (Date.parse(iso) - now) / 1000;
  for (const [unit, size] of UNITS) {
    // Rounded, not cut: a 7-day link made a moment ago expires "in 7 days", not 6.
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
  }
  return relative.format(0, 'second');
}

/** "Never expires", "Expires in 6 days", "Expired 2 hours ago". */
export function formatExpiry(iso: string | null, now: number = Date.now()): string {
  if (!iso) return t('format.neverExpires');
  return t(Date.parse(iso) > now ? 'format.expires' : 'format.expired', [formatRelative(iso, now)]);
}

/** "3 of 10 uses", "1 use", "0 uses". */
export function formatUses(useCount: number, maxUses: number | null): string {
  if (maxUses !== null)
    return plural('format.usesOf', maxUses, { used: useCount.toLocaleString(uiLocale()) });
  return plural('format.uses', useCount);
}

/**
 * How an invitation travels: "e-mail", "SMS", "copied link" (`capital` for the start of a line).
 */
export function formatChannel(channel: string, capital = false): string {
  const words = messageFor(`channel.${channel}`) || channel;
  return capital ? words.charAt(0).toLocaleUpperCase(uiLocale()) + words.slice(1) : words;
}

/**
 * A status, role or kind in words: `not_invited` → "Not invited" (from the `word.*` messages;
 * a code without one reads as its words in English).
 */
export function formatStatus(status: string): string {
  const known = /^[a-z_]+$/.test(status) && messageFor(`word.${status}`);
  if (known) return known;
  const words = status.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * What the provider reported of a message: "Delivered 5 minutes ago", "Bounced 2 hours ago: The
 * recipient mailbox does not exist" (shared/api/delivery.ts).
 */
export const formatDelivery = (d: DeliveryDto) =>
  messageFor(`delivery.${d.status}`, [formatRelative(d.at)]) + (d.reason ? `: ${d.reason}` : '');
