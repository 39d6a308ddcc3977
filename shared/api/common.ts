import * as z from 'zod';

/** Roles inside an organization, strongest first. */
export const ROLES = ['owner', 'admin', 'member'] as const;
export type Role = (typeof ROLES)[number];
export const roleSchema = z.enum(ROLES);

export const WORKSPACE_ROLES = ['member', 'manager'] as const;
export type WorkspaceRole = (typeof WORKSPACE_ROLES)[number];

/** Opaque ids: url-safe, bounded, so a hostile id never reaches SQL as something odd. */
export const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be an id');

const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** An e-mail address as people type it: surrounding spaces dropped, compared and stored in lower case. */
export const emailSchema = z
  .string()
  .trim()
  .max(254, 'must be at most 254 characters')
  .toLowerCase()
  .pipe(z.email('must be a valid e-mail address'));

/** A name as shown to other people: one line, 1–100 characters, no control characters. */
export const nameSchema = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(100, 'must be at most 100 characters')
  .refine((s) => !CONTROL_CHARS.test(s), 'must be a single line without control characters');

/** A password: long enough to matter, short enough to hash cheaply. */
export const passwordSchema = z
  .string()
  .min(10, 'must be at least 10 characters')
  .max(200, 'must be at most 200 characters');

/** `?cursor=&limit=` of every list; limit defaults to 50, at most 100. */
export const pageQuerySchema = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type PageQuery = z.infer<typeof pageQuerySchema>;

/** A free-text search term of a list (`?q=`). */
export const searchTermSchema = z.string().trim().max(100).optional();

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A person as another person sees them in lists. */
export interface PersonRef {
  id: string;
  name: string;
}
