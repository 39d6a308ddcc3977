/** Dates in the dashboard's tables: "Nov 21, 2026, 7:51 PM". */
export function formatDateTime(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString('en', { dateStyle: 'medium', timeStyle: 'short' }) : '';
}
