import * as z from 'zod/mini';
import {
  cursorSchema,
  givenPasswordSchema,
  emailSchema,
  idSchema,
  limitSchema,
  roleSchema,
  searchTermSchema,
  trimmedString,
  WORKSPACE_ROLES,
  type PersonRef,
  type Role,
  type WorkspaceRole,
} from './common';
import { phoneSchema, profileSchema } from './members';
import { localeSchema, type Locale } from '../i18n';
import type { DeliveryDto } from './delivery';

export const INVITATION_STATUSES = ['pending', 'accepted', 'canceled', 'expired'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

export const CHANNELS = ['email', 'sms', 'link'] as const;
export type Channel = (typeof CHANNELS)[number];

export const workspaceGrantSchema = z.strictObject({
  workspaceId: idSchema,
  role: z.enum(WORKSPACE_ROLES),
});
export type WorkspaceGrant = z.infer<typeof workspaceGrantSchema>;

export const workspaceGrantsSchema = z.array(workspaceGrantSchema).check(z.maxLength(100));

export const createInvitationRequestSchema = z.strictObject({
  email: z.optional(emailSchema),
  phone: z.optional(phoneSchema),
  channel: z._default(z.enum(CHANNELS), 'email'),
  role: roleSchema,
  departmentId: z.optional(z.nullable(idSchema)),
  workspaces: z.optional(workspaceGrantsSchema),
  profile: z.optional(profileSchema),
  /** The language of its messages (a resend keeps it); without it, the organization's. */
  locale: z.optional(localeSchema),
});
export type CreateInvitationRequest = z.input<typeof createInvitationRequestSchema>;

export const listInvitationsQuerySchema = z.object({
  status: z.optional(z.enum(INVITATION_STATUSES)),
  /**
   * `problem`: only invitations whose latest message bounced, was marked as spam or failed
   * (shared/api/delivery.ts).
   */
  delivery: z.optional(z.enum(['problem'])),
  q: searchTermSchema,
  cursor: cursorSchema,
  limit: limitSchema(),
});

export const setInvitationWorkspacesRequestSchema = z.strictObject({
  workspaces: workspaceGrantsSchema,
});

export interface InvitationDto {
  id: string;
  email: string | null;
  phone: string | null;
  channel: Channel;
  role: Role;
  departmentId: string | null;
  workspaces: { workspaceId: string; name: string; role: WorkspaceRole }[];
  status: InvitationStatus;
  expiresAt: string;
  resendCount: number;
  createdBy: PersonRef;
  createdAt: string;
  /** The invitee's profile as given when inviting (first and last name, position …). */
  profile?: Record<string, string> | null;
  /** The language of its messages; null: the organization's. */
  locale: Locale | null;
  /** What the provider reported of its latest message (shared/api/delivery.ts). */
  delivery: DeliveryDto | null;
}

export interface CreateInvitationResponse {
  invitation: InvitationDto;
  /** Only for channel `link`: the unique registration link to copy by hand. */
  url?: string;
}

/** Eight digits, as typed (spaces allowed between them). */
export const verificationCodeSchema = trimmedString(16, 1).check(
  z.regex(/^[0-9 ]+$/, 'must be the 8 digits from the message'),
);

/** `POST /api/invite/:token/verify`: the code, checked (one of its tries) without using it up. */
export const verifyInvitationCodeRequestSchema = z.strictObject({ code: verificationCodeSchema });

export const acceptInvitationRequestSchema = z.strictObject({
  name: z.optional(trimmedString(100, 1)),
  password: givenPasswordSchema,
  /**
   * When the link does not prove the address (`needsCode`): the code sent there (`POST
   * /api/invite/:token/code`).
   */
  code: z.optional(verificationCodeSchema),
});
export type AcceptInvitationRequest = z.input<typeof acceptInvitationRequestSchema>;

/** `GET /api/invite/:token`: what the accept page shows. Reading it changes nothing. */
export interface InviteInfo {
  org: { name: string };
  inviter: { name: string };
  email: string | null;
  phone: string | null;
  role: Role;
  expiresAt: string;
  /**
   * `existing`: an account with a password exists for the address, so accepting asks for that
   * password. Absent when the link does not prove the address (`needsCode`) and the request is not
   * signed in to its account: the holder learns it from `POST /api/invite/:token/verify`, after the
   * code.
   */
  account?: 'new' | 'existing';
  /**
   * Whether accepting needs a code sent to the invitation's address (`POST
   * /api/invite/:token/code`): an invitation handed out as a copied link, or sent by SMS to someone
   * who signs in with an e-mail address, proves nothing about who holds it.
   */
  needsCode: boolean;
  /**
   * Only when the request is signed in: the account it is signed in as, and whether the invitation
   * is for it.
   */
  signedIn?: { account: string; matches: boolean };
}

/** `POST /api/invite/:token/verify`: the code is right; what accepting will ask for. */
export interface InviteVerifyResponse {
  account: 'new' | 'existing';
}

/** `POST /api/invite/:token/code`: where the code went and until when it works. */
export interface InviteCodeResponse {
  sentTo: string;
  channel: 'email' | 'sms';
  expiresAt: string;
}

/**
 * `POST /api/invite/:token/accept`: a session for the account that accepted, and its new
 * membership.
 */
export interface AcceptInvitationResponse {
  token: string;
  expiresAt: string;
  user: { id: string; email: string; name: string; mustChangePassword: boolean };
  membership: { orgId: string; userId: string; role: Role; status: 'active' };
}
