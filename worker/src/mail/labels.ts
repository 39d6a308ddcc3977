/** How messages name a role, in the message's language. */
import type { Role } from '../../../shared/api/common';
import type { Locale } from '../../../shared/i18n';
import { layoutText } from './layout.text';

export function roleLabel(locale: Locale, role: Role): string {
  return layoutText.in(locale)[role];
}

/** The English names, for code that has no language yet. */
export const ROLE_LABELS: Record<Role, string> = {
  owner: roleLabel('en', 'owner'),
  admin: roleLabel('en', 'admin'),
  member: roleLabel('en', 'member'),
};
