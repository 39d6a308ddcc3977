/** Column helpers the schema's files share: times are integer milliseconds since the epoch. */
import { integer } from 'drizzle-orm/sqlite-core';

export const ROLE = ['owner', 'admin', 'member'] as const;
export const ms = (name: string) => integer(name, { mode: 'number' });
export const bool = (name: string) => integer(name, { mode: 'boolean' });
