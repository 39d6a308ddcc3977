import * as z from 'zod';
import { emailSchema, passwordSchema, type Role } from './common';

export const loginRequestSchema = z.strictObject({
  email: emailSchema,
  password: z.string().min(1, 'is required').max(200, 'must be at most 200 characters'),
});
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
