import * as z from 'zod/mini';
import { limitSchema, trimmedString } from './common';
import type { InvitationState } from './members';

export const searchQuerySchema = z.object({
  q: trimmedString(100, 1),
  limit: limitSchema(20),
});

export type SearchKind = 'application' | 'invitation' | 'member';

export interface SearchItemDto {
  kind: SearchKind;
  id: string;
  name: string;
  email: string | null;
  /**
   * application: pending/approved/rejected; invitation: pending/accepted/canceled/expired; member:
   * pending/active.
   */
  status: string;
  createdAt: string;
  phone?: string | null;
  /** Members only: where their invitation stands. */
  invitationState?: InvitationState;
}

export interface SearchResponse {
  items: SearchItemDto[];
}
