import * as z from 'zod/mini';
import { type Locale, localeSchema, timeZoneSchema } from '../i18n';
import { idSchema, intSchema, looksLikeWebAddress, nameSchema } from './common';

/**
 * An organization's name appears in messages this service sends for it (docs/SECURITY.md), so it
 * may not carry a web address to send people to.
 */
export const orgNameSchema = nameSchema.check(
  z.refine((s) => !looksLikeWebAddress(s), 'must not contain a web address or a domain name'),
);

export const createOrgRequestSchema = z.strictObject({ name: orgNameSchema });
export type CreateOrgRequest = z.input<typeof createOrgRequestSchema>;

const domainSchema = z
  .string()
  .check(
    z.trim(),
    z.toLowerCase(),
    z.regex(
      /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
      'must be a domain like example.com',
    ),
  );

export interface OrgSettings {
  /** Members (not only admins) may create general links. */
  allowMemberLinks: boolean;
  /** Links made by members always require approval while this is on. */
  memberLinksRequireApproval: boolean;
  /** Invitations never go by SMS. */
  emailOnly: boolean;
  /**
   * Welcome and invitation messages carry a random initial password instead of a set-password link.
   */
  sendInitialPassword: boolean;
  /** Personal invitations expire this many hours after sending. */
  inviteTtlHours: number;
  /** General links may be valid at most this long; null allows links that never expire. */
  linkMaxTtlHours: number | null;
  /** The login address shown in welcome messages; null means the server's own sign-in page. */
  loginUrl: string | null;
  /** When not empty, only addresses at these domains may apply or be invited. */
  allowedEmailDomains: string[];
  /**
   * The language of hosted pages and messages when nothing closer is known (the reader's browser on
   * a page, the invitation's own `locale` for a message).
   */
  language: Locale;
  /** The IANA time zone that dates on hosted pages and in messages are shown in. */
  timeZone: string;
  /**
   * An e-mail invitation still pending this many hours before it expires reminds its invitee once;
   * null: no reminders.
   */
  reminderHoursBeforeExpiry: number | null;
}

export const DEFAULT_ORG_SETTINGS: OrgSettings = {
  allowMemberLinks: true,
  memberLinksRequireApproval: true,
  emailOnly: false,
  sendInitialPassword: false,
  inviteTtlHours: 72,
  linkMaxTtlHours: 720,
  loginUrl: null,
  allowedEmailDomains: [],
  language: 'en',
  timeZone: 'UTC',
  reminderHoursBeforeExpiry: 24,
};

/**
 * Settings only an owner may change: they decide where people sign in, who may join and how secrets
 * travel.
 */
export const OWNER_ONLY_SETTINGS = [
  'sendInitialPassword',
  'loginUrl',
  'allowedEmailDomains',
] as const satisfies readonly (keyof OrgSettings)[];

/** A reminder comes at most this long (30 days) before an invitation expires. */
export const REMINDER_MAX_HOURS = 24 * 30;

export const patchSettingsRequestSchema = z
  .partial(
    z.strictObject({
      allowMemberLinks: z.boolean(),
      memberLinksRequireApproval: z.boolean(),
      emailOnly: z.boolean(),
      sendInitialPassword: z.boolean(),
      inviteTtlHours: intSchema(1, 24 * 90),
      linkMaxTtlHours: z.nullable(intSchema(1, 24 * 365)),
      loginUrl: z.nullable(
        z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).check(z.maxLength(500)),
      ),
      allowedEmailDomains: z.array(domainSchema).check(z.maxLength(50)),
      language: localeSchema,
      timeZone: timeZoneSchema,
      reminderHoursBeforeExpiry: z.nullable(intSchema(1, REMINDER_MAX_HOURS)),
    }),
  )
  .check(z.refine((v) => Object.keys(v).length > 0, 'name at least one setting'));
export type PatchSettingsRequest = z.input<typeof patchSettingsRequestSchema>;

export interface OrgDto {
  id: string;
  name: string;
  slug: string;
  createdAt: string;
  /** Present for owners and admins only. */
  settings?: OrgSettings;
  /**
   * Present for owners and admins only: the messages the organization may send, set by the server's
   * operator.
   */
  quota?: OrgQuota;
}

export interface OrgQuota {
  messagesPerHour: number;
  messagesPerDay: number;
  sentLastHour: number;
  sentLastDay: number;
}

export const departmentRequestSchema = z.strictObject({
  name: nameSchema,
  parentId: z.optional(z.nullable(idSchema)),
});
export const patchDepartmentRequestSchema = z.partial(departmentRequestSchema);
export type DepartmentRequest = z.input<typeof departmentRequestSchema>;

export interface DepartmentDto {
  id: string;
  name: string;
  parentId: string | null;
  createdAt: string;
}

export const workspaceRequestSchema = z.strictObject({ name: nameSchema });
export const patchWorkspaceRequestSchema = z.partial(workspaceRequestSchema);
export type WorkspaceRequest = z.input<typeof workspaceRequestSchema>;

export interface WorkspaceDto {
  id: string;
  name: string;
  createdAt: string;
}

export interface AuditEventDto {
  id: string;
  action: string;
  /** Who did it: a person, or an API key acting in the organization (`kind: 'api_key'`). */
  actor: { id: string; name: string; kind?: 'user' | 'api_key' } | null;
  targetType: string | null;
  targetId: string | null;
  detail: Record<string, unknown> | null;
  createdAt: string;
}
