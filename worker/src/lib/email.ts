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

/**
 * Whether a person (their e-mail address, if any) may be brought into an organization with these
 * `allowedEmailDomains`: with a list, only someone with an address at one of its domains — a person
 * known by a phone number alone is not. Checked when people are invited, added, imported, sent
 * their invitation again, approved, and when they accept or activate (docs/SECURITY.md).
 */
export function personAllowed(email: string | null, allowed: readonly string[]): boolean {
  if (allowed.length === 0) return true;
  return email !== null && domainAllowed(email, allowed);
}

/** What a refusal by `personAllowed` says. */
export const outsideDomains = (email: string | null, allowed: readonly string[]) =>
  email
    ? `${email} is not at a domain this organization accepts (${allowed.join(', ')})`
    : `This organization accepts only people with an e-mail address at ${allowed.join(', ')}`;
