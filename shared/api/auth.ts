import * as z from 'zod/mini';
import { localeSchema } from '../i18n';
import { emailSchema, givenPasswordSchema, passwordSchema, type Role } from './common';
import { phoneSchema } from './members';

/** Sign in with an e-mail address, or with a phone number for accounts known only by one. */
export const loginRequestSchema = z
  .strictObject({
    email: z.optional(emailSchema),
    phone: z.optional(phoneSchema),
    password: givenPasswordSchema,
  })
  .check(
    z.refine((v) => (v.email === undefined) !== (v.phone === undefined), {
      message: 'give an e-mail address or a phone number',
      path: ['email'],
    }),
  );
export type LoginRequest = z.input<typeof loginRequestSchema>;

/**
 * Ask for a link to choose a new password: to the e-mail address, or the phone of an account known
 * only by one.
 */
export const passwordResetRequestSchema = z
  .strictObject({
    email: z.optional(emailSchema),
    phone: z.optional(phoneSchema),
    /** The language of the message; without it, the request's Accept-Language, else English. */
    locale: z.optional(localeSchema),
  })
  .check(
    z.refine((v) => (v.email === undefined) !== (v.phone === undefined), {
      message: 'give an e-mail address or a phone number',
      path: ['email'],
    }),
  );
export type PasswordResetRequest = z.input<typeof passwordResetRequestSchema>;

export const changePasswordRequestSchema = z.strictObject({
  currentPassword: givenPasswordSchema,
  newPassword: passwordSchema,
  /** The language of the "password changed" notice; without it, the request's Accept-Language. */
  locale: z.optional(localeSchema),
});
export type ChangePasswordRequest = z.input<typeof changePasswordRequestSchema>;

export interface UserDto {
  id: string;
  /**
   * The sign-in address: the e-mail address, or '' for an account known only by phone (then
   * `phone`).
   */
  email: string;
  phone: string | null;
  name: string;
  mustChangePassword: boolean;
}

export interface MembershipSummary {
  orgId: string;
  orgName: string;
  role: Role;
}

export interface MeResponse {
  user: UserDto;
  memberships: MembershipSummary[];
}

export interface LoginResponse extends MeResponse {
  token: string;
  expiresAt: string;
}
