import { createHash } from 'node:crypto';
import jsQR from 'jsqr';
import { describe, expect, it } from 'vitest';
import { create } from 'qrcode/lib/core/qrcode';
import { getCharCountIndicator } from 'qrcode/lib/core/mode';
import * as packageSegments from 'qrcode/lib/core/segments';
import * as qrSegments from '../../../extension/lib/qr-segments';

// The extension build encodes QR codes with extension/lib/qr-segments.ts in place of the package's
// segment optimiser (wxt.config.ts). The codes must be as small as the optimiser's and read back as
// what they encode.

const ORIGINS = [
  'http://127.0.0.1:8787',
  'http://localhost:8787',
  'https://invitations.example.com',
  'https://join.a-rather-long-company-name.example.co.uk',
  'http://192.168.100.200:8787',
];
/**
 * Deterministic stand-ins for `<id>.<mac>` tokens: a 16-character id and a 43-character base64url
 * MAC.
 */
const token = (i: number) => {
  const bytes = createHash('sha512').update(String(i)).digest();
  return `${bytes.subarray(0, 12).toString('base64url')}.${bytes.subarray(16, 48).toString('base64url')}`;
};
const links = ORIGINS.flatMap((origin, o) =>
  Array.from(
    { length: 40 },
    (_, i) => `${origin}/${i % 2 ? 'invite' : 'join'}/${token(o * 1000 + i)}`,
  ),
);

/** Renders a QR matrix as RGBA pixels, 4 per module with a quiet zone, for the decoder. */
function pixels(modules: { size: number; get(row: number, col: number): number | boolean }) {
  const unit = 4;
  const margin = 4;
  const side = (modules.size + 2 * margin) * unit;
  const rgba = new Uint8ClampedArray(side * side * 4).fill(255);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const row = Math.floor(y / unit) - margin;
      const col = Math.floor(x / unit) - margin;
      if (row >= 0 && col >= 0 && row < modules.size && col < modules.size && modules.get(row, col))
        rgba.fill(0, (y * side + x) * 4, (y * side + x) * 4 + 3);
    }
  }
  return { rgba, side };
}

/**
 * The bits segments take in a code of `version`: mode indicator, character count and data of each.
 */
const totalBits = (segments: QrSegment[], version: number) =>
  segments.reduce(
    (bits, s) => bits + 4 + getCharCountIndicator(s.mode, version) + s.getBitsLength(),
    0,
  );

/**
 * Encodes `text` with our segments and with the package's, and compares size and what a decoder
 * reads back.
 */
function expectSameSize(text: string) {
  const optimised = create(text, { errorCorrectionLevel: 'M' });
  // Our segments carry `data` and `mode`, which the package's create takes as given segments.
  const segments = qrSegments.fromString(text, optimised.version);
  const ours = create(segments as unknown as Parameters<typeof create>[0], {
    errorCorrectionLevel: 'M',
  });
  expect(totalBits(segments, optimised.version)).toBeLessThanOrEqual(
    totalBits(packageSegments.fromString(text, optimised.version), optimised.version),
  );
  expect(ours.version).toBeLessThanOrEqual(optimised.version);
  const { rgba, side } = pixels(ours.modules);
  expect(jsQR(rgba, side, side)?.data).toBe(text);
}

describe('QR codes with the extension’s segments', () => {
  it('are as small as with the package’s optimiser for links, and read back as the link', () => {
    for (const url of links) expectSameSize(url);
  });

  it('are as small for text of every mode and mix: digits, upper case, lower case, non-Latin', () => {
    const samples = [
      '0123456789',
      'ABC-123 $%*+./:',
      'https://EXAMPLE.COM/12345678901234567890/x',
      '42',
      'a1B2c3',
      'Zoë 1234567 张伟 ABCDEFGHIJ',
    ];
    for (let i = 0; i < 150; i++) {
      const bytes = createHash('sha256').update(`mix${i}`).digest();
      samples.push(
        [...bytes]
          .map((b) => '0123456789ABCDEFXYZ:/.abcdeфя'[b % 29])
          .join('')
          .repeat(1 + (i % 4)),
      );
    }
    for (const text of samples) expectSameSize(text);
  });

  it('put digits in numeric mode, digits and capitals in alphanumeric mode and the rest in byte mode', () => {
    const modes = (text: string) => qrSegments.fromString(text, 5).map((s) => s.mode.id);
    expect(modes('1234567890123')).toEqual(['Numeric']);
    expect(modes('HELLO WORLD')).toEqual(['Alphanumeric']);
    expect(modes('hello')).toEqual(['Byte']);
    expect(modes('http://127.0.0.1:8787/join/x')).toEqual(['Byte', 'Alphanumeric', 'Byte']);
    expect(qrSegments.fromString('')).toEqual([]);
  });
});
