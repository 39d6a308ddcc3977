/**
 * Stands in for the `qrcode` encoder's `./segments` module in the extension build (wxt.config.ts,
 * `qrSegments`). The package's module finds the shortest mix of numeric, alphanumeric, kanji and
 * byte segments with a graph search (dijkstrajs and a set of regular expressions, about 1.8 KB gzip
 * of the popup's 30 KB budget). This one finds the same mix without kanji by dynamic programming
 * over the characters (the method of Nayuki's "optimal text segmentation for QR codes"), which
 * matters for links like `http://127.0.0.1:8787/…`: their `127.0.0.1:8787/` goes in alphanumeric
 * mode, and byte mode alone would need the next larger code. test/unit/extension/qr.test.ts checks
 * it against the package's search.
 */
import AlphanumericData from 'qrcode/lib/core/alphanumeric-data';
import ByteData from 'qrcode/lib/core/byte-data';
import NumericData from 'qrcode/lib/core/numeric-data';

type SegmentInput = string | { data: string };
type Mode = 0 | 1 | 2; // numeric, alphanumeric, byte
const MODES: readonly Mode[] = [0, 1, 2];
const MAKE = [
  (s: string) => new NumericData(s),
  (s: string) => new AlphanumericData(s),
  (s: string) => new ByteData(s),
];
/**
 * Character count indicator bits per mode, for versions 1–9, 10–26 and 27–40 (ISO/IEC 18004 table
 * 3).
 */
const COUNT_BITS = [
  [10, 12, 14],
  [9, 11, 13],
  [8, 16, 16],
];
const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

/**
 * Bits a character costs in each mode, in sixths of a bit (numeric 10 per 3, alphanumeric 11 per
 * 2), or Infinity.
 */
function charCosts(char: string): number[] {
  return [
    char >= '0' && char <= '9' ? 20 : Infinity,
    ALPHANUMERIC.includes(char) ? 33 : Infinity,
    new TextEncoder().encode(char).length * 48,
  ];
}

/**
 * The segments that encode `text` in the fewest bits for a code of `version` (the class of its
 * count indicators).
 */
export function fromString(text: string, version = 40) {
  const chars = [...text];
  if (chars.length === 0) return [];
  const size = version < 10 ? 0 : version < 27 ? 1 : 2;
  const header = MODES.map((m) => (4 + COUNT_BITS[m]![size]!) * 6);
  // cost[m]: the cheapest encoding of the characters so far that ends in mode m; from[i][m]: the
  // mode before.
  let cost = MODES.map((m) => header[m]!);
  const from: Mode[][] = [];
  for (const char of chars) {
    const each = charCosts(char);
    const next = [Infinity, Infinity, Infinity];
    const back: Mode[] = [2, 2, 2];
    for (const m of MODES) {
      for (const prev of MODES) {
        // A new segment starts with a whole number of bits: round the previous one up when
        // switching.
        const c =
          (prev === m ? cost[prev]! : Math.ceil(cost[prev]! / 6) * 6 + header[m]!) + each[m]!;
        if (c < next[m]!) {
          next[m] = c;
          back[m] = prev;
        }
      }
    }
    cost = next;
    from.push(back);
  }
  let mode = MODES.reduce((best, m) => (cost[m]! < cost[best]! ? m : best), 2 as Mode);
  const modes: Mode[] = [];
  for (let i = chars.length - 1; i >= 0; i--) {
    modes[i] = mode;
    mode = from[i]![mode]!;
  }
  const segments = [];
  for (let start = 0, i = 1; i <= chars.length; i++) {
    if (i === chars.length || modes[i] !== modes[start]) {
      segments.push(MAKE[modes[start]!]!(chars.slice(start, i).join('')));
      start = i;
    }
  }
  return segments;
}

/**
 * Estimates the version from one byte segment (an upper bound, as the package's own rough split
 * is).
 */
export const rawSplit = (text: string) => [new ByteData(text)];

export const fromArray = (segments: SegmentInput[]) =>
  segments.flatMap((s) => fromString(typeof s === 'string' ? s : s.data));
