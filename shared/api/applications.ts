import * as z from 'zod/mini';
import type { Locale } from '../i18n';
import {
  cursorSchema,
  limitSchema,
  searchTermSchema,
  trimmedString,
  type PersonRef,
  type Role,
} from './common';

export const APPLICATION_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const listApplicationsQuerySchema = z.object({
  status: z.optional(z.enum(APPLICATION_STATUSES)),
  q: searchTermSchema,
  linkId: z.optional(z.string().check(z.maxLength(64))),
  cursor: cursorSchema,
  limit: limitSchema(),
});

export const rejectApplicationRequestSchema = z.optional(
  z.strictObject({ reason: z.optional(trimmedString(500)) }),
);

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
  /** The language the applicant read the join page in: the welcome speaks it. */
  locale: Locale | null;
}

/**
 * `POST /api/orgs/:org/applications/:id/approve`: the application and the membership it created
 * (pending until the newcomer follows the welcome link).
 */
export interface ApproveResponse {
  application: ApplicationDto;
  membership: { userId: string; role: Role; status: 'pending' | 'active' };
}
