import * as z from 'zod';
import type { InvitationState } from './members';

export const searchQuerySchema = z.object({
  q: z.string().trim().min(1, 'is required').max(100),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export type SearchKind = 'application' | 'invitation' | 'member';

export interface SearchItemDto {
  kind: SearchKind;
  id: string;
  name: string;
  email: string | null;
  /** application: pending/approved/rejected; invitation: pending/accepted/canceled/expired; member: pending/active. */
  status: string;
  createdAt: string;
  phone?: string | null;
  /** Members only: where their invitation stands. */
  invitationState?: InvitationState;
}

export interface SearchResponse {
  items: SearchItemDto[];
}
