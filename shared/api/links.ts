import * as z from 'zod/mini';
import type { ApplicationDto } from './applications';
import { localeSchema } from '../i18n';
import {
  cursorSchema,
  emailSchema,
  idSchema,
  intSchema,
  limitSchema,
  personNameSchema,
  type PersonRef,
  type Role,
} from './common';

/**
 * Validity presets offered by the clients, in hours; `null` is "never" where the organization
 * allows it.
 */
export const LINK_TTL_PRESETS_HOURS = [1, 24, 24 * 7, 24 * 30] as const;
/** Usage limit presets; `null` is unlimited. */
export const LINK_MAX_USES_PRESETS = [1, 5, 10, 25, 50, 100] as const;

export const createLinkRequestSchema = z.strictObject({
  expiresInHours: z.nullable(intSchema(1, 24 * 365)),
  departmentId: z.optional(z.nullable(idSchema)),
  /** A link never grants the owner role. */
  role: z.optional(z.enum(['admin', 'member'])),
  requiresApproval: z.optional(z.boolean()),
  maxUses: z.optional(z.nullable(intSchema(1, 10_000))),
});
export type CreateLinkRequest = z.input<typeof createLinkRequestSchema>;

export const listLinksQuerySchema = z.object({
  mine: z.optional(z.enum(['true', 'false'])),
  active: z.optional(z.enum(['true', 'false'])),
  cursor: cursorSchema,
  limit: limitSchema(),
});

/**
 * `suspended`: its creator could not make it now (demoted, removed, member links turned off); it
 * works again if they can.
 */
export type LinkStatus = 'active' | 'suspended' | 'expired' | 'revoked' | 'exhausted';

export interface LinkDto {
  id: string;
  url: string;
  status: LinkStatus;
  expiresAt: string | null;
  departmentId: string | null;
  role: Exclude<Role, 'owner'>;
  requiresApproval: boolean;
  maxUses: number | null;
  useCount: number;
  revokedAt: string | null;
  createdBy: PersonRef;
  createdAt: string;
}

export const revokeLinkRequestSchema = z.optional(
  z.strictObject({
    /** Also remove everyone who joined through this link (for a leaked link). */
    removeJoined: z.optional(z.boolean()),
  }),
);

/** What the join page and `GET /api/join/:token` show about a link. */
export interface JoinInfo {
  org: { name: string };
  inviter: { name: string };
  requiresApproval: boolean;
  expiresAt: string | null;
}

export const applyRequestSchema = z.strictObject({
  name: personNameSchema,
  email: emailSchema,
  /** The language of the welcome; without it, the request's Accept-Language, else the organization's. */
  locale: z.optional(localeSchema),
});
export type ApplyRequest = z.input<typeof applyRequestSchema>;

export interface ApplyResponse {
  status: 'pending' | 'approved';
}

/**
 * What `DELETE /api/orgs/:org/links/:id` answers: the revoked link, and how many joiners it
 * removed.
 */
export interface RevokeLinkResponse extends LinkDto {
  removedMembers: number;
}

/** Someone who joined through a link (their membership carries the link's id). */
export interface LinkJoinerDto {
  userId: string;
  name: string;
  email: string | null;
  role: Role;
  status: 'pending' | 'active';
  joinedAt: string;
  activatedAt: string | null;
}

/**
 * `GET /api/orgs/:org/links/:id`: the link, its latest applications and who joined through it
 * (newest first, at most 100 each).
 */
export interface LinkDetailDto {
  link: LinkDto;
  applications: ApplicationDto[];
  members: LinkJoinerDto[];
}
