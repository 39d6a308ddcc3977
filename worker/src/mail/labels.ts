/** How messages name a role. */
import type { Role } from '../../../shared/api/common';

export const ROLE_LABELS: Record<Role, string> = {
  owner: 'Owner',
  admin: 'Admin',
  member: 'Member',
};
