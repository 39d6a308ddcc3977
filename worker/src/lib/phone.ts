/**
 * Phone numbers and e-mail addresses as contact data: checked where they enter (adding, importing)
 * and again before a message goes out, with a reason people understand. Phones are stored in E.164
 * (`+79051111111`).
 *
 * A number must carry its country code. Written with `+` (`+7 905 111-11-11`) or as the seed's
 * platform writes it, digits starting with the country code (`79051111111`); `9051111111` has none
 * and is refused as such.
 */
import { parsePhoneNumberFromString, type MetadataJson } from 'libphonenumber-js/core';
import phoneMetadata from './phone-metadata.json';
import { emailSchema } from '../../../shared/api/common';

export type PhoneCheck =
  | { ok: true; e164: string; national: string }
  | { ok: false; code: 'invalid_phone' | 'phone_without_country_code'; message: string };

const PHONE_CHARS = /^\+?[0-9 ()./-]+$/;

/**
 * libphonenumber-js's metadata without the formatting rules, which nothing here uses and which were
 * most of the metadata's size in the Worker bundle. Written by scripts/phone-metadata.mjs: run it
 * after upgrading the package.
 */
const METADATA = phoneMetadata as MetadataJson;

export function checkPhone(input: string): PhoneCheck {
  const text = input.trim();
  const digits = text.replace(/\D/g, '');
  if (!PHONE_CHARS.test(text) || digits.length < 4 || digits.length > 17) {
    return { ok: false, code: 'invalid_phone', message: `${clip(text)} is not a phone number` };
  }
  const parsed = parsePhoneNumberFromString(`+${digits}`, METADATA);
  if (parsed?.isValid()) return { ok: true, e164: parsed.number, national: parsed.nationalNumber };
  if (!text.startsWith('+')) {
    return {
      ok: false,
      code: 'phone_without_country_code',
      message: `${clip(text)} has no country code; write it like +79051111111`,
    };
  }
  return { ok: false, code: 'invalid_phone', message: `${clip(text)} is not a valid phone number` };
}

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

const clip = (s: string) => (s.length > 40 ? `${s.slice(0, 39)}…` : s);
