/**
 * "3 July 2026 at 14:00 UTC": how hosted pages and messages show a time. The same text for the same
 * instant on every run (a fixed locale and time zone), so a retried batch of messages is byte for
 * byte the same request.
 */
export function formatTime(ms: number): string {
  const text = new Intl.DateTimeFormat('en-GB', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'UTC',
  }).format(new Date(ms));
  return `${text} UTC`;
}

export const HOUR_MS = 3600_000;
