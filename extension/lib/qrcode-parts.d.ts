/**
 * Types of the `qrcode` package's encoder, which the extension imports directly: its browser entry
 * also bundles canvas and SVG renderers with colour parsing, more than the popup's JavaScript
 * budget can afford for drawing black squares.
 */
declare module 'qrcode/lib/core/qrcode' {
  import type { QRCode, QRCodeOptions } from 'qrcode';
  export function create(
    text: string | { data: unknown; mode?: unknown }[],
    options?: QRCodeOptions,
  ): QRCode;
}

/** A segment of a QR code's data, in one mode. */
interface QrSegment {
  readonly mode: { id: string; bit: number };
  getLength(): number;
  getBitsLength(): number;
  write(buffer: { put(value: number, length: number): void }): void;
}

declare module 'qrcode/lib/core/byte-data' {
  /** Byte mode: the UTF-8 bytes of the text. */
  const ByteData: new (data: string | ArrayLike<number>) => QrSegment;
  export default ByteData;
}

declare module 'qrcode/lib/core/alphanumeric-data' {
  /** Alphanumeric mode: digits, upper-case letters, space and `$%*+-./:`. */
  const AlphanumericData: new (data: string) => QrSegment;
  export default AlphanumericData;
}

declare module 'qrcode/lib/core/numeric-data' {
  /** Numeric mode: digits. */
  const NumericData: new (data: string) => QrSegment;
  export default NumericData;
}

// What test/unit/extension/qr.test.ts compares extension/lib/qr-segments.ts with.
declare module 'qrcode/lib/core/segments' {
  export function fromString(text: string, version: number): QrSegment[];
}

declare module 'qrcode/lib/core/mode' {
  export function getCharCountIndicator(mode: QrSegment['mode'], version: number): number;
}
