import { z } from 'zod';

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
  status: string;
  createdAt: string;
}

export interface SearchResponse {
  items: SearchItemDto[];
}
