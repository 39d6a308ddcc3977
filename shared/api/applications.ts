import * as z from 'zod';
import { searchTermSchema, type PersonRef, type Role } from './common';

export const APPLICATION_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const listApplicationsQuerySchema = z.object({
  status: z.enum(APPLICATION_STATUSES).optional(),
  q: searchTermSchema,
  linkId: z.string().max(64).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const rejectApplicationRequestSchema = z
  .strictObject({ reason: z.string().trim().max(500).optional() })
  .optional();

export interface ApplicationDto {
  id: string;
  name: string;
  email: string;
  status: ApplicationStatus;
  inviter: PersonRef;
  reviewer: PersonRef | null;
  reviewedAt: string | null;
  reason: string | null;
  linkId: string;
  createdAt: string;
}

/** `POST /api/orgs/:org/applications/:id/approve`: the application and the membership it created (pending until the newcomer follows the welcome link). */
export interface ApproveResponse {
  application: ApplicationDto;
  membership: { userId: string; role: Role; status: 'pending' | 'active' };
}
