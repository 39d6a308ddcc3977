import * as z from 'zod';
import { emailSchema, passwordSchema, type Role } from './common';
import { phoneSchema } from './members';

/** Sign in with an e-mail address, or with a phone number for accounts known only by one. */
export const loginRequestSchema = z
  .strictObject({
    email: emailSchema.optional(),
    phone: phoneSchema.optional(),
    password: z.string().min(1, 'is required').max(200, 'must be at most 200 characters'),
  })
  .refine((v) => (v.email === undefined) !== (v.phone === undefined), { message: 'give an e-mail address or a phone number', path: ['email'] });
export type LoginRequest = z.input<typeof loginRequestSchema>;

export const changePasswordRequestSchema = z.strictObject({
  currentPassword: z.string().min(1, 'is required').max(200),
  newPassword: passwordSchema,
});
export type ChangePasswordRequest = z.input<typeof changePasswordRequestSchema>;

export interface UserDto {
  id: string;
  email: string;
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
