/**
 * API keys (docs/SECURITY.md, "API keys"): an organization's credentials for server-to-server
 * calls, sent as `Authorization: Bearer inv_key_…`. Owners and admins manage them; the secret is
 * shown once, when the key is created.
 */
import * as z from 'zod/mini';
import { intSchema, nameSchema, pageQuerySchema } from './common';

/** The roles a key may hold: never `owner`, and at most its creator's. */
export const API_KEY_ROLES = ['admin', 'member'] as const;
export type ApiKeyRole = (typeof API_KEY_ROLES)[number];

/** Every key starts with this, so secret scanners can find one that leaked. */
export const API_KEY_PREFIX = 'inv_key_';

export const createApiKeyRequestSchema = z.strictObject({
  name: nameSchema,
  role: z.enum(API_KEY_ROLES),
  /** Days until the key stops working (1–730); without it, it works until it is revoked. */
  expiresInDays: z.optional(intSchema(1, 730)),
});
export type CreateApiKeyInput = z.infer<typeof createApiKeyRequestSchema>;
export type CreateApiKeyRequest = z.input<typeof createApiKeyRequestSchema>;

export const listApiKeysQuerySchema = pageQuerySchema;

/** A key as lists show it: never its secret. */
export interface ApiKeyDto {
  id: string;
  name: string;
  role: ApiKeyRole;
  /** `inv_key_<id>.…<last four characters of the secret>`, to tell keys apart. */
  hint: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdBy: { id: string; name: string };
}

/** The answer to creating a key: the only time its secret is shown. */
export interface CreatedApiKeyDto {
  id: string;
  key: string;
  name: string;
  role: ApiKeyRole;
  createdAt: string;
  expiresAt: string | null;
  createdBy: { id: string; name: string };
}
