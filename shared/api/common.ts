import * as z from 'zod/mini';
import { en } from 'zod/locales';

// zod/mini keeps the bundles small (it tree-shakes where classic zod cannot); with the English
// messages it words issues exactly as classic zod does.
z.config(en());

/** Roles inside an organization, strongest first. */
export const ROLES = ['owner', 'admin', 'member'] as const;
export type Role = (typeof ROLES)[number];
export const roleSchema = z.enum(ROLES);

export const WORKSPACE_ROLES = ['member', 'manager'] as const;
export type WorkspaceRole = (typeof WORKSPACE_ROLES)[number];

/** Opaque ids: url-safe, bounded, so a hostile id never reaches SQL as something odd. */
export const idSchema = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be an id'));

/**
 * Control characters, line breaks, the zero-width space, and the bidirectional overrides and
 * isolates that make a name read differently from what it is (joiners stay: some scripts and emoji
 * need them).
 */
const CONTROL_CHARS =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200b\u202a-\u202e\u2066-\u2069\ufeff]/;

/** A string of at most `max` characters, with the message people see when it is longer. */
export const maxString = (max: number) =>
  z.string().check(z.maxLength(max, `must be at most ${max} characters`));

/** The same, trimmed first; `min` 1 makes it required. */
export const trimmedString = (max: number, min = 0) =>
  z
    .string()
    .check(
      z.trim(),
      ...(min > 0
        ? [z.minLength(min, min === 1 ? 'is required' : `must be at least ${min} characters`)]
        : []),
      z.maxLength(max, `must be at most ${max} characters`),
    );

/** An integer between `min` and `max`, as JSON sends it. */
export const intSchema = (min: number, max: number) => z.int().check(z.gte(min), z.lte(max));

/**
 * An e-mail address as people type it: surrounding spaces dropped, compared and stored in lower
 * case.
 */
export const emailSchema = z.pipe(
  z.string().check(z.trim(), z.maxLength(254, 'must be at most 254 characters'), z.toLowerCase()),
  z.email('must be a valid e-mail address'),
);

/** Half of a UTF-16 surrogate pair without its other half: text no font can show. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A name as shown to other people: one line, 1–100 characters, no control characters. */
export const nameSchema = trimmedString(100, 1).check(
  z.refine((s) => !CONTROL_CHARS.test(s), 'must be a single line without control characters'),
  z.refine((s) => !LONE_SURROGATE.test(s), 'must be valid text (a broken character is in it)'),
);

/**
 * Dots as people and browsers read them in a host name: the full stop and its ideographic and
 * full-width forms. Not the middle dot (·), which Catalan writes inside words ("Col·legi").
 */
const DOTS = /[\u002e\u3002\uff0e\uff61\u2024\u2027\u22c5\u30fb\u2219\u0701\u0702]/gu;

/**
 * Whether a name carries something people could follow as a web address — a scheme, `www.`, a
 * domain such as `evil.example/login`, `paypal.cοm` (a Greek ο) or `сбербанк.рф`, or an IP address
 * — once look-alikes are folded: compatibility forms (full-width letters), every dot-like
 * character, and invisible characters (format, combining and variation marks).
 */
export function looksLikeWebAddress(name: string): boolean {
  const folded = name
    .normalize('NFKC')
    .replace(/[\p{Cf}\p{Mn}\p{Me}\u115f\u1160\u3164]/gu, '')
    .replace(DOTS, '.')
    .toLowerCase();
  return (
    /\p{L}[\p{L}\p{N}+.-]*:[\\/]{2}|(^|[^\p{L}\p{N}-])www\.|[\p{L}\p{N}-]+\.\p{L}[\p{L}\p{N}-]{1,62}(?![\p{L}\p{N}-])/u.test(
      folded,
    ) ||
    // An IP address (messaging apps link `203.0.113.7/sso` too; also written as one number,
    // `0xcb007107/sso`), an IPv6 literal, or a `host:port/` path.
    /(?<![\p{N}.])\p{N}{1,3}(\.\p{N}{1,3}){2,3}\/|(?<![\p{N}.])\p{N}{1,3}(\.\p{N}{1,3}){3}(?![\p{N}])|(?<![\p{L}\p{N}])(0x[0-9a-f]{6,8}|\p{N}{8,10})\/|\[[0-9a-f:.]*:[0-9a-f:.]*\]|(^|[^0-9a-f:])[0-9a-f]{0,4}::[0-9a-f]|\p{L}[\p{L}\p{N}.-]*:\p{N}{2,5}\//u.test(
      folded,
    )
  );
}

/**
 * A person's name as others see it (in messages, on pages): one line, and no web address to send
 * them to.
 */
export const personNameSchema = nameSchema.check(
  z.refine((s) => !looksLikeWebAddress(s), 'must not contain a web address or a domain name'),
);

/** A password: long enough to matter, short enough to hash cheaply. */
export const passwordSchema = z
  .string()
  .check(
    z.minLength(10, 'must be at least 10 characters'),
    z.maxLength(200, 'must be at most 200 characters'),
  );

/** A password being checked (not chosen): any non-empty text up to the longest allowed. */
export const givenPasswordSchema = maxString(200).check(z.minLength(1, 'is required'));

/** `?cursor=` of every list. */
export const cursorSchema = z.optional(z.string().check(z.maxLength(200)));

/** `?limit=` of a list: a number in the query string, 1–`max`, `fallback` when absent. */
export const limitSchema = (fallback = 50, max = 100) =>
  z._default(z.pipe(z.coerce.number(), intSchema(1, max)), fallback);

/** `?cursor=&limit=` of every list; limit defaults to 50, at most 100. */
export const pageQuerySchema = z.object({ cursor: cursorSchema, limit: limitSchema() });
export type PageQuery = z.infer<typeof pageQuerySchema>;

/** A free-text search term of a list (`?q=`). */
export const searchTermSchema = z.optional(z.string().check(z.trim(), z.maxLength(100)));

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A person as another person sees them in lists. */
export interface PersonRef {
  id: string;
  name: string;
}
