import { describe, expect, it } from 'vitest';
import {
  parsePhoneNumberFromString,
  type CountryCode,
  type MetadataJson,
} from 'libphonenumber-js/core';
import fullMetadata from 'libphonenumber-js/metadata.min.json';
import examples from 'libphonenumber-js/examples.mobile.json';
import committed from '../../../worker/src/lib/phone-metadata.json';
import { checkPhone } from '../../../worker/src/lib/phone';
import { reducePhoneMetadata } from '../../../scripts/phone-metadata.mjs';

// phone.ts parses with worker/src/lib/phone-metadata.json, libphonenumber-js's metadata.min.json
// without the formatting rules (scripts/phone-metadata.mjs). These check that it parses exactly as
// the full metadata.

const reduced = committed as MetadataJson;

/**
 * What phone.ts reads from a parse, plus the country, which the reduction must not change either.
 */
function parseWith(metadata: MetadataJson, text: string) {
  const parsed = parsePhoneNumberFromString(text, metadata);
  return (
    parsed && {
      valid: parsed.isValid(),
      number: parsed.number,
      national: parsed.nationalNumber,
      country: parsed.country,
    }
  );
}

const callingCode = (country: string) =>
  Object.entries(fullMetadata.country_calling_codes).find(([, countries]) =>
    countries.includes(country as CountryCode),
  )![0];

/**
 * Every country's example mobile number and variants of it (each leading digit, one digit shorter
 * and longer, last digit changed), international.
 */
function exampleVariants(): string[] {
  const numbers = new Set<string>();
  for (const [country, national] of Object.entries(examples)) {
    const cc = callingCode(country);
    const last = Number(national.at(-1));
    const variants = [
      national,
      national.slice(0, -1),
      `${national}0`,
      `${national.slice(0, -1)}${(last + 1) % 10}`,
    ];
    for (let d = 0; d <= 9; d++) variants.push(`${d}${national.slice(1)}`);
    for (const v of variants) numbers.add(`+${cc}${v}`);
  }
  return [...numbers];
}

/** The calling codes several countries share (+1, +7, +44…), each with its countries. */
const sharedCallingCodes = Object.entries(fullMetadata.country_calling_codes).filter(
  ([, countries]) => countries.length >= 2,
);

/**
 * For a calling code several countries share, the first four national digits swept through
 * 0000–9999, so that every territory's area codes and leading digits are met.
 */
function sweep(cc: string, countries: string[]): string[] {
  const rest = examples[countries[0]! as keyof typeof examples].slice(4);
  const numbers: string[] = [];
  for (let p = 0; p < 10_000; p++) numbers.push(`+${cc}${String(p).padStart(4, '0')}${rest}`);
  return numbers;
}

/**
 * For the non-geographic calling codes (+800, +882…), the first three digits swept at each possible
 * length.
 */
function nonGeographicSweep(): string[] {
  const numbers = new Set<string>();
  for (const [cc, plan] of Object.entries(fullMetadata.nonGeographic)) {
    for (const length of plan[3] as number[]) {
      for (let p = 0; p < 1000; p++)
        numbers.add(`+${cc}${`${String(p).padStart(3, '0')}1234567890123456`.slice(0, length)}`);
    }
  }
  return [...numbers];
}

/**
 * Parses each number with both metadata: the numbers where they disagree, and what the full
 * metadata made of the corpus (how many valid, which countries).
 */
function compare(numbers: string[]) {
  const mismatches: string[] = [];
  const countries = new Set<string>();
  let valid = 0;
  for (const text of numbers) {
    const expected = parseWith(fullMetadata, text);
    const actual = parseWith(reduced, text);
    if (JSON.stringify(actual) !== JSON.stringify(expected))
      mismatches.push(`${text}: ${JSON.stringify(actual)} instead of ${JSON.stringify(expected)}`);
    if (expected?.valid) valid++;
    if (expected?.country) countries.add(expected.country);
  }
  return { mismatches: mismatches.slice(0, 20), valid, invalid: numbers.length - valid, countries };
}

describe('phone metadata without formats', () => {
  it('is what scripts/phone-metadata.mjs writes from the installed libphonenumber-js (run it after an upgrade)', () => {
    expect(committed).toEqual(reducePhoneMetadata(fullMetadata));
  });

  it('is smaller: no numbering plan keeps its formats', () => {
    const plans = [
      ...Object.values(reduced.countries),
      ...Object.values(reduced.nonGeographic),
    ] as unknown[][];
    expect(plans.every((plan) => !plan[4])).toBe(true);
    expect(JSON.stringify(reduced).length).toBeLessThan(JSON.stringify(fullMetadata).length * 0.5);
  });

  // The corpus is parsed in parts, one test each (about 143 000 numbers, 2.5 s on one core in all),
  // so that no test comes near the 5 s timeout on a loaded machine. Every part holds valid and
  // invalid numbers, so that both sides of the comparison are met.
  it('parses every example number and its variants to the same validity, E.164 number, national number and country as the full metadata', () => {
    const result = compare(exampleVariants());
    expect(result.mismatches).toEqual([]);
    expect(result.valid).toBeGreaterThan(1000);
    expect(result.invalid).toBeGreaterThan(1000);
    // Nearly every country told apart (a few territories, such as VA or CC, share their ranges
    // with the main country, which the library names).
    expect(result.countries.size).toBeGreaterThan(Object.keys(examples).length * 0.95);
  });

  it.each(sharedCallingCodes)(
    'parses +%s numbers, first four digits swept, the same as the full metadata (countries %j)',
    (cc, countries) => {
      const result = compare(sweep(cc, countries));
      expect(result.mismatches).toEqual([]);
      expect(result.valid).toBeGreaterThan(0);
      expect(result.invalid).toBeGreaterThan(0);
    },
  );

  it('parses the non-geographic numbers, first three digits swept, the same as the full metadata', () => {
    const result = compare(nonGeographicSweep());
    expect(result.mismatches).toEqual([]);
    expect(result.valid).toBeGreaterThan(1000);
    expect(result.invalid).toBeGreaterThan(1000);
  });

  it('has a corpus of over 100 000 numbers, with the calling codes several countries share', () => {
    const total =
      exampleVariants().length +
      sharedCallingCodes.reduce((sum, [cc, countries]) => sum + sweep(cc, countries).length, 0) +
      nonGeographicSweep().length;
    expect(total).toBeGreaterThan(100_000);
    expect(sharedCallingCodes.map(([cc]) => cc)).toEqual(expect.arrayContaining(['1', '7', '44']));
  });

  it('tells apart countries that share a calling code', () => {
    const cases: [string, string, string][] = [
      ['1', '2015550123', 'US'],
      ['1', '2042345678', 'CA'],
      ['1', '7872345678', 'PR'],
      ['1', '8762345678', 'JM'],
      ['7', '9051111111', 'RU'],
      ['7', '7710009998', 'KZ'],
      ['44', '7400123456', 'GB'],
      ['44', '7624123456', 'IM'],
      ['44', '7781123456', 'GG'],
    ];
    for (const [cc, national, country] of cases) {
      expect(parseWith(reduced, `+${cc}${national}`), national).toEqual({
        valid: true,
        number: `+${cc}${national}`,
        national,
        country,
      });
    }
  });
});

describe('checkPhone', () => {
  it('accepts every example number, with or without +, as the full metadata parses it', () => {
    for (const [country, national] of Object.entries(examples)) {
      const cc = callingCode(country);
      const expected = parseWith(fullMetadata, `+${cc}${national}`)!;
      expect(expected.valid, country).toBe(true);
      expect(checkPhone(`+${cc} ${national}`), country).toEqual({
        ok: true,
        e164: expected.number,
        national: expected.national,
      });
      expect(checkPhone(`${cc}${national}`), country).toEqual({
        ok: true,
        e164: expected.number,
        national: expected.national,
      });
    }
  });

  it('refuses what is not a valid number, and tells a number without country code apart', () => {
    expect(checkPhone('+7 905 111-11-1')).toMatchObject({ ok: false, code: 'invalid_phone' });
    expect(checkPhone('9051111111')).toMatchObject({
      ok: false,
      code: 'phone_without_country_code',
    });
    expect(checkPhone('+1 555')).toMatchObject({ ok: false, code: 'invalid_phone' });
    expect(checkPhone('call me')).toMatchObject({ ok: false, code: 'invalid_phone' });
  });
});
