import type { SQL } from 'drizzle-orm';
import type { Role } from '../../../shared/api/common';

/**
 * Who reads, as a statement names them: the organization, the caller's user id — SQL (the
 * session's user) while the caller is looked up in the same round trip (http/read-as-member.ts),
 * a plain id once known — and their role.
 */
export interface CallerRef {
  orgId: string;
  userId: string | SQL;
  role: Role;
}
