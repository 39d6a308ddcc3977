/**
 * Phone numbers as contact data: checked where they enter (adding, importing) and again before a
 * message goes out, with a reason people understand (e-mail addresses: lib/email.ts). Phones are
 * stored in E.164 (`+79051111111`).
 *
 * A number must carry its country code. Written with `+` (`+7 905 111-11-11`) or as some platforms
 * write it, digits starting with the country code (`79051111111`); `9051111111` has none and is
 * refused as such.
 */
import { parsePhoneNumberFromString, type MetadataJson } from 'libphonenumber-js/core';
import phoneMetadata from './phone-metadata.json';

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

/** Long input shortened for a message. */
export const clip = (s: string) => (s.length > 40 ? `${s.slice(0, 39)}…` : s);
