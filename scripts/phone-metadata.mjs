#!/usr/bin/env node
/**
 * Writes worker/src/lib/phone-metadata.json: libphonenumber-js's `metadata.min.json` without
 * what only formatting reads, for worker/src/lib/phone.ts, which parses `+digits`, asks
 * `isValid()` and keeps the E.164 number and national number but never formats one. The formats
 * alone are about 50 KB of the 83 KB, and the package's own metadata would put all of it in the
 * Worker bundle.
 *
 * Metadata format 4 keeps each numbering plan (`countries.XX`, `nonGeographic.NNN`) as a positional
 * array; the indexes and the accessors that read them are in
 * node_modules/libphonenumber-js/es6/metadata.js (class NumberingPlan). The ones dropped here (set
 * to 0, the metadata's own "absent", and trailing ones cut) are read only by format.js,
 * AsYouType*.js and findNumbers/ (formatting, as-you-type, text search):
 *    4  formats                                   (NumberingPlan.formats)
 *    6  national prefix formatting rule           (nationalPrefixFormattingRule)
 *    9  national prefix optional when formatting  (nationalPrefixIsOptionalWhenFormattingInNationalFormat)
 *   12  default IDD prefix                        (defaultIDDPrefix → helpers/getIddPrefix.js → IDD format)
 *   13  extension prefix                          (ext → format.js)
 * Everything parsing and validation read stays, whatever the input's form: calling code (0), IDD
 * prefix (1, for `00…` numbers with a default country), national number pattern (2), possible
 * lengths (3), national prefix and its parsing and transform rules (5, 7, 8), leading digits (10)
 * and the type patterns (11), which pick the country among those sharing a calling code (+1, +7,
 * +44…).
 *
 *   node scripts/phone-metadata.mjs      (after upgrading libphonenumber-js; commit the JSON it writes)
 *
 * test/unit/worker/phone.test.ts checks that the committed JSON is what this writes from the
 * installed package, and that numbers parse to the same result with it as with the full metadata.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** Numbering-plan indexes read only when formatting (see above). */
const FORMATTING_ONLY = [4, 6, 9, 12, 13];

/**
 * The metadata with the formatting-only entries of every numbering plan removed; the input is not
 * changed.
 */
export function reducePhoneMetadata(metadata) {
  if (metadata.version !== 4) {
    throw new Error(
      `libphonenumber-js metadata version ${metadata.version}: this script knows the layout of version 4 only; check es6/metadata.js`,
    );
  }
  const reducePlan = (plan) => {
    if (!Array.isArray(plan) || plan.length > 14)
      throw new Error(`unexpected numbering plan: ${JSON.stringify(plan).slice(0, 80)}`);
    const out = plan.map((value, i) => (FORMATTING_ONLY.includes(i) ? 0 : value));
    while (out.length > 0 && out.at(-1) === 0 && FORMATTING_ONLY.includes(out.length - 1))
      out.pop();
    return out;
  };
  const reduceAll = (plans) =>
    Object.fromEntries(Object.entries(plans).map(([key, plan]) => [key, reducePlan(plan)]));
  return {
    ...metadata,
    countries: reduceAll(metadata.countries),
    nonGeographic: reduceAll(metadata.nonGeographic),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const require = createRequire(import.meta.url);
  const full = require('libphonenumber-js/metadata.min.json');
  const { version } = require('libphonenumber-js/package.json');
  const output = fileURLToPath(new URL('../worker/src/lib/phone-metadata.json', import.meta.url));
  const json = `${JSON.stringify(reducePhoneMetadata(full))}\n`;
  const unchanged = existsSync(output) && readFileSync(output, 'utf8') === json;
  writeFileSync(output, json);
  console.log(
    `${output}: ${json.length} bytes from libphonenumber-js ${version}'s ${JSON.stringify(full).length}${unchanged ? ' (unchanged)' : ''}`,
  );
}
