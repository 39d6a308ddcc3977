/** Column helpers the schema's files share: times are integer milliseconds since the epoch. */
import { integer, text } from 'drizzle-orm/sqlite-core';
import { LOCALES } from '../../../../shared/i18n';

export const ROLE = ['owner', 'admin', 'member'] as const;
export const ms = (name: string) => integer(name, { mode: 'number' });
export const bool = (name: string) => integer(name, { mode: 'boolean' });

/**
 * The language messages about a record are written in (`en`, `zh-CN`, `ru`, `ja`); null: the
 * organization's `settings.language` (docs/I18N-messages.md).
 */
export const locale = (name = 'locale') => text(name, { enum: LOCALES });
