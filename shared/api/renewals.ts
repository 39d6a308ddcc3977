/**
 * Renewals: what lands with an inviter when an invitation would otherwise die silently — a notice
 * that their personal invitation expired unaccepted (`expired`), or a person asking for a new
 * invitation from an expired invitation's or a spent link's page (`asked`). Owners and admins see
 * every renewal of the organization; everyone else the renewals of their own invitations and links.
 */
import * as z from 'zod/mini';
import type { InvitationDto } from './invitations';
import type { LinkDto } from './links';
import { cursorSchema, limitSchema, type PersonRef, type Role } from './common';

export const RENEWAL_KINDS = ['expired', 'asked'] as const;
export type RenewalKind = (typeof RENEWAL_KINDS)[number];
export const RENEWAL_STATUSES = ['pending', 'invited', 'dismissed'] as const;
export type RenewalStatus = (typeof RENEWAL_STATUSES)[number];
/** What a pending renewal's owner may do with it: the last part of its route. */
export type RenewalDecision = 'invite' | 'link' | 'dismiss';

export const listRenewalsQuerySchema = z.object({
  status: z.optional(z.enum(RENEWAL_STATUSES)),
  kind: z.optional(z.enum(RENEWAL_KINDS)),
  cursor: cursorSchema,
  limit: limitSchema(),
});
export type ListRenewalsQuery = z.input<typeof listRenewalsQuerySchema>;

export interface RenewalDto {
  id: string;
  kind: RenewalKind;
  /** The name the person gave, or the expired invitation's profile name; may be empty. */
  name: string;
  email: string | null;
  phone: string | null;
  /** The role and department a new invitation grants (the old invitation's or link's). */
  role: Role;
  departmentId: string | null;
  status: RenewalStatus;
  /** Whose invitation or link it was: the renewal lands with them. */
  owner: PersonRef;
  invitationId: string | null;
  linkId: string | null;
  /** The language of the page the person asked from. */
  locale: string | null;
  createdAt: string;
  decidedBy: PersonRef | null;
  decidedAt: string | null;
  /** The invitation sent when it was renewed. */
  newInvitationId: string | null;
  /** The general link e-mailed when it was renewed with a fresh link. */
  newLinkId: string | null;
}

/** `POST /api/orgs/:org/renewals/:id/invite`: the renewal, now `invited`, and the new invitation. */
export interface RenewalInviteResponse {
  renewal: RenewalDto;
  invitation: InvitationDto;
}

/** `POST /api/orgs/:org/renewals/:id/link`: the renewal, now `invited`, and the link e-mailed. */
export interface RenewalLinkResponse {
  renewal: RenewalDto;
  link: LinkDto;
}
