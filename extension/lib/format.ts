/** How times, counts and statuses read in the UI. */

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/**
 * "in 3 days", "5 minutes ago", "now" (days at most: links and invitations live weeks, not years).
 */
export function formatRelative(iso: string | null, now: number = Date.now()): string {
  if (!iso) return '';
  const seconds = (Date.parse(iso) - now) / 1000;
  for (const [unit, size] of UNITS) {
    // Rounded, not cut: a 7-day link made a moment ago expires "in 7 days", not 6.
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
  }
  return 'now';
}

/** "Never expires", "Expires in 6 days", "Expired 2 hours ago". */
export function formatExpiry(iso: string | null, now: number = Date.now()): string {
  if (!iso) return 'Never expires';
  return Date.parse(iso) > now
    ? `Expires ${formatRelative(iso, now)}`
    : `Expired ${formatRelative(iso, now)}`;
}

/** "3 of 10 uses", "1 use", "0 uses". */
export function formatUses(useCount: number, maxUses: number | null): string {
  if (maxUses !== null) return `${useCount} of ${maxUses} uses`;
  return useCount === 1 ? '1 use' : `${useCount} uses`;
}

/**
 * How an invitation travels: "e-mail", "SMS", "copied link" (`capital` for the start of a line).
 */
export function formatChannel(channel: string, capital = false): string {
  const words =
    channel === 'sms'
      ? 'SMS'
      : channel === 'email'
        ? 'e-mail'
        : channel === 'link'
          ? 'copied link'
          : channel;
  return capital ? words.charAt(0).toUpperCase() + words.slice(1) : words;
}

/** `not_invited` → "Not invited". */
export function formatStatus(status: string): string {
  const words = status.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
