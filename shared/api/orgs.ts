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

const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

const domainSchema = z
  .string()
  .check(z.trim(), z.toLowerCase(), z.regex(DOMAIN, 'must be a domain like example.com'));

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
  /**
   * The accent colour of the organization's pages and messages, `#rrggbb`; null: the service's
   * own. Text on it and in it stays readable (worker/src/lib/brand.ts).
   */
  accentColor: string | null;
  /**
   * An https address of the organization's logo; null: none. An uploaded logo
   * (`PUT /api/orgs/:org/logo`) is shown instead while there is one.
   */
  logoUrl: string | null;
}

/** Exactly `#rrggbb` (any case; stored in lower case): nothing else ever reaches a page's CSS. */
export const accentColorSchema = z
  .string()
  .check(z.regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #1d4ed8'), z.toLowerCase());

/**
 * An https address of at most 500 characters, with no credentials in it and none of the characters
 * that could end an HTML attribute or a CSS value (quotes, angle brackets, backslashes, spaces).
 */
export const logoUrlSchema = z
  .url({ protocol: /^https$/, hostname: DOMAIN, message: 'must be an https URL' })
  .check(
    z.maxLength(500),
    z.refine((u) => !/^https:\/\/[^/?#]*@/i.test(u), 'must not contain a user name or password'),
    z.refine((u) => !/["'<>\\\s`()]/.test(u), 'must not contain quotes, brackets or spaces'),
  );

/** Logos uploaded with `PUT /api/orgs/:org/logo`: at most this many bytes. */
export const MAX_LOGO_BYTES = 256 * 1024;

/** The image types a logo may be, told by its first bytes (never by what the upload declares). */
export const LOGO_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'] as const;
export type LogoType = (typeof LOGO_TYPES)[number];

/** An uploaded logo: its public address (a new one for each new image), type and size. */
export interface LogoDto {
  url: string;
  contentType: LogoType;
  bytes: number;
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
  accentColor: null,
  logoUrl: null,
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
      accentColor: z.nullable(accentColorSchema),
      logoUrl: z.nullable(logoUrlSchema),
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
  /** Present for owners and admins only: the uploaded logo's address, null when there is none. */
  uploadedLogoUrl?: string | null;
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
