import { describe, expect, it } from 'vitest';
import { imageTypeOf } from '../../../worker/src/features/organizations/logo';

const bytes = (...parts: (string | number[])[]) =>
  Uint8Array.from(
    parts.flatMap((p) => (typeof p === 'string' ? [...p].map((ch) => ch.charCodeAt(0)) : p)),
  );
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

describe('imageTypeOf: what a logo is, by its first bytes', () => {
  it('tells PNG, JPEG, GIF and WebP by signature and header', () => {
    expect(imageTypeOf(bytes(PNG_SIGNATURE, [0, 0, 0, 13], 'IHDR', new Array(17).fill(0)))).toBe(
      'image/png',
    );
    expect(imageTypeOf(bytes([0xff, 0xd8, 0xff, 0xe0, 0, 16], 'JFIF', [0, 1]))).toBe('image/jpeg');
    expect(imageTypeOf(bytes('GIF87a', [1, 0, 1, 0, 0, 0, 0]))).toBe('image/gif');
    for (const chunk of ['VP8 ', 'VP8L', 'VP8X'])
      expect(imageTypeOf(bytes('RIFF', [30, 0, 0, 0], 'WEBP', chunk, [0, 0, 0, 0]))).toBe(
        'image/webp',
      );
  });

  it('refuses SVG, HTML, text and signatures without their header', () => {
    for (const body of [
      bytes('<svg xmlns="http://www.w3.org/2000/svg"/>'),
      bytes('<?xml version="1.0"?><svg/>'),
      bytes('<!doctype html><script>alert(1)</script>'),
      bytes('%PDF-1.7'),
      bytes(PNG_SIGNATURE, '<html>'),
      bytes(PNG_SIGNATURE),
      bytes([0xff, 0xd8, 0xff]),
      bytes([0xff, 0xd8, 0xff, 0xff]),
      bytes('GIF89a'),
      bytes('RIFF', [30, 0, 0, 0], 'WAVEfmt '),
      bytes('RIFF', [30, 0, 0, 0], 'WEBPVP9 ', [0, 0, 0, 0]),
      new Uint8Array(0),
    ])
      expect(imageTypeOf(body)).toBeNull();
  });
});
