/** E-mail addresses as people type them: checked and lower-cased, and held to an organization's domains. */
import { emailSchema } from '../../../shared/api/common';
import { clip } from './phone';

export type EmailCheck =
  | { ok: true; email: string }
  | { ok: false; code: 'invalid_email'; message: string };

/** The address lower-cased, or why it cannot be one. */
export function checkEmail(input: string): EmailCheck {
  const parsed = emailSchema.safeParse(input);
  return parsed.success
    ? { ok: true, email: parsed.data }
    : {
        ok: false,
        code: 'invalid_email',
        message: `${clip(input.trim())} is not a valid e-mail address`,
      };
}

/**
 * Whether an address is allowed by the organization's `allowedEmailDomains` (empty: every domain).
 */
export function domainAllowed(email: string, allowed: readonly string[]): boolean {
  if (allowed.length === 0) return true;
  const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  return allowed.includes(domain);
}
