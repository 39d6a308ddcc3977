/**
 * Dates in the dashboard's tables and details: "Nov 21, 2026, 7:51 PM", "2026/11/21 19:51", in the
 * browser's language as every date of the extension (lib/format.ts). Kept out of lib/format.ts, which
 * the popup's budgeted bundle carries.
 */
import { uiLocale } from '../i18n';

export function formatDateTime(iso: string | null): string {
  return iso
    ? new Date(iso).toLocaleString(uiLocale(), { dateStyle: 'medium', timeStyle: 'short' })
    : '';
}
