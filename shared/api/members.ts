import * as z from 'zod/mini';
import { localeSchema } from '../i18n';
import type { DeliveryDto } from './delivery';
import {
  cursorSchema,
  emailSchema,
  idSchema,
  limitSchema,
  personNameSchema,
  roleSchema,
  searchTermSchema,
  trimmedString,
  type Role,
} from './common';

export const MEMBER_STATUSES = ['pending', 'active'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

export const INVITATION_STATES = ['not_invited', 'queued', 'invited', 'error'] as const;
export type InvitationState = (typeof INVITATION_STATES)[number];

export const GENDERS = ['female', 'male', 'other', 'unspecified'] as const;

/**
 * A phone number with its country code, as typed: the server checks it with libphonenumber-js and
 * stores E.164. Here only the shape is checked, so clients can give early feedback.
 */
export const phoneSchema = trimmedString(32).check(
  z.regex(
    /^\+?[0-9 ()./-]{4,}$/,
    'must be a phone number with its country code, like +79051111111',
  ),
);

const profileName = personNameSchema;
export const birthdaySchema = z.iso.date('must be a date like 1990-04-30');
const positionSchema = trimmedString(100);

export const profileSchema = z.strictObject({
  firstName: z.optional(profileName),
  lastName: z.optional(profileName),
  gender: z.optional(z.enum(GENDERS)),
  birthday: z.optional(birthdaySchema),
  position: z.optional(positionSchema),
});
export type Profile = z.infer<typeof profileSchema>;

export const addMemberRequestSchema = z
  .strictObject({
    firstName: profileName,
    lastName: profileName,
    gender: z.optional(z.enum(GENDERS)),
    birthday: z.optional(birthdaySchema),
    email: z.optional(emailSchema),
    phone: z.optional(phoneSchema),
    departmentId: z.optional(z.nullable(idSchema)),
    position: z.optional(positionSchema),
    role: z._default(roleSchema, 'member'),
  })
  .check(
    z.refine((v) => v.email !== undefined || v.phone !== undefined, {
      message: 'give an e-mail address or a phone number',
      path: ['email'],
    }),
  );
export type AddMemberRequest = z.input<typeof addMemberRequestSchema>;

export const patchMemberRequestSchema = z.strictObject({
  firstName: z.optional(profileName),
  lastName: z.optional(profileName),
  gender: z.optional(z.nullable(z.enum(GENDERS))),
  birthday: z.optional(z.nullable(birthdaySchema)),
  phone: z.optional(z.nullable(phoneSchema)),
  departmentId: z.optional(z.nullable(idSchema)),
  position: z.optional(z.nullable(positionSchema)),
  role: z.optional(roleSchema),
});
export type PatchMemberRequest = z.input<typeof patchMemberRequestSchema>;

/** A date (`2024-05-01`) or a time (`2024-05-01T10:00:00Z`) in a list filter. */
const instantSchema = z.union([z.iso.date(), z.iso.datetime({ offset: true })], {
  error: 'must be a date like 2024-05-01 or an ISO time',
});

export const listMembersQuerySchema = z.object({
  q: searchTermSchema,
  status: z.optional(z.enum(MEMBER_STATUSES)),
  invitation: z.optional(z.enum(INVITATION_STATES)),
  /** Registration date and last activity between these instants (inclusive from, exclusive to). */
  registeredFrom: z.optional(instantSchema),
  registeredTo: z.optional(instantSchema),
  activeFrom: z.optional(instantSchema),
  activeTo: z.optional(instantSchema),
  cursor: cursorSchema,
  limit: limitSchema(),
});

export interface MemberDto {
  userId: string;
  email: string | null;
  phone: string | null;
  name: string;
  firstName: string | null;
  lastName: string | null;
  gender: string | null;
  birthday: string | null;
  position: string | null;
  departmentId: string | null;
  role: Role;
  status: MemberStatus;
  invitationState: InvitationState;
  invitationError: string | null;
  /** What the provider reported of the latest invitation message (shared/api/delivery.ts). */
  delivery: DeliveryDto | null;
  registeredAt: string | null;
  lastActiveAt: string | null;
  createdAt: string;
}

/** `?sendInvitation=true` of the CSV import: invite the imported people right away. */
export const importQuerySchema = z.object({
  sendInvitation: z.optional(z.enum(['true', 'false'])),
});

export const bulkInviteRequestSchema = z.strictObject({
  userIds: z.array(idSchema).check(z.minLength(1), z.maxLength(10_000)),
  channel: z.enum(['email', 'sms']),
  /**
   * The language of these people's invitations (kept for later ones); without it, each person's
   * own (from the import), else the organization's.
   */
  locale: z.optional(localeSchema),
});
export type BulkInviteRequest = z.input<typeof bulkInviteRequestSchema>;

/** Why one user of a bulk "send invitation" was not invited (the others were). */
export const BULK_INVITE_ERRORS = [
  'not_found',
  'forbidden',
  'already_member',
  'missing_contact',
  'invalid_email',
  'invalid_phone',
  'phone_without_country_code',
] as const;
export type BulkInviteErrorCode = (typeof BULK_INVITE_ERRORS)[number];

/** Why one row of a CSV import was not imported (the others were). */
export const IMPORT_ROW_ERRORS = [
  'missing_name',
  /** A name on several lines, with control characters, or with a web address in it. */
  'invalid_name',
  'missing_contact',
  'invalid_email',
  'invalid_phone',
  'phone_without_country_code',
  'invalid_gender',
  'invalid_birthday',
  'invalid_role',
  'unknown_department',
  'too_long',
  'forbidden',
  'invalid_locale',
] as const;
export type ImportRowErrorCode = (typeof IMPORT_ROW_ERRORS)[number];

/**
 * The columns a CSV import understands (header names compare case-insensitively, ignoring spaces,
 * `_` and `-`, so `First name`, `first_name` and `firstName` are the same column). Other columns
 * are ignored and listed.
 */
export const IMPORT_COLUMNS = [
  'firstName',
  'lastName',
  'gender',
  'birthday',
  'email',
  'phone',
  'position',
  'role',
  'department',
  /** The language of the person's invitations (`en`, `zh-CN`, `ru`, `ja`; header `language` too). */
  'locale',
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

/** The largest CSV body the import accepts. */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;

export interface PerItemError {
  code: string;
  message: string;
}

export interface BulkInviteResponse {
  queued: number;
  errors: (PerItemError & { userId: string })[];
}

export interface ImportResponse {
  created: number;
  /** Rows for people already in the organization (or repeated in the file): left as they are. */
  skipped: number;
  /** `row` counts records as a spreadsheet does: the header is row 1, the first person row 2. */
  errors: (PerItemError & { row: number })[];
  /** Header columns the import does not know, ignored. */
  ignoredColumns?: string[];
  /** Invitations queued for the imported people (with `sendInvitation=true`). */
  invited?: number;
}
