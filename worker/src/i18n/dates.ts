/**
 * Dates and times on hosted pages and in messages: one family, in the reader's language and the
 * organization's time zone ("13 December 2026 at 22:16 GMT+3", "2026年12月13日 22:16 JST").
 * The same text for the same instant, language and zone on every run, so a retried batch of
 * messages is byte for byte the same request.
 */
import type { Locale } from '../../../shared/i18n';

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/** A date and time with its zone: how every absolute time on a page or in a message reads. */
export function formatDateTime(ms: number, locale: Locale, timeZone: string): string {
  const key = `${locale}|${timeZone}`;
  let format = dateTimeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : locale, {
      dateStyle: 'long',
      timeStyle: 'short',
      timeZone,
    });
    dateTimeFormats.set(key, format);
  }
  const zone = zoneName(ms, locale, timeZone);
  return `${format.format(new Date(ms))} ${zone}`;
}

function zoneName(ms: number, locale: Locale, timeZone: string): string {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return 'UTC';
  const part = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : locale, {
    timeZone,
    timeZoneName: 'short',
  })
    .formatToParts(new Date(ms))
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? timeZone;
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 24 * 3600_000],
  ['hour', 3600_000],
  ['minute', 60_000],
];

/**
 * "in 7 days", "через 3 дня", "2時間後", "5 minutes ago": rounded the way people read it, so a 7-day
 * link made a moment ago expires "in 7 days" and a 72-hour invitation "in 3 days".
 */
export function formatRelative(ms: number, now: number, locale: Locale): string {
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const delta = ms - now;
  for (const [unit, size] of UNITS) {
    // Days from 48 hours on: "in 36 hours" reads better than "in 2 days" for a day and a half.
    const threshold = unit === 'day' ? 2 * size : size;
    if (Math.abs(delta) >= threshold) return format.format(Math.round(delta / size), unit);
  }
  return format.format(Math.round(delta / 60_000), 'minute');
}
