/**
 * Types of the `qrcode` package's encoder, which the extension imports directly: its browser entry also bundles
 * canvas and SVG renderers with colour parsing, more than the popup's JavaScript budget can afford for drawing
 * black squares.
 */
declare module 'qrcode/lib/core/qrcode' {
  import type { QRCode, QRCodeOptions } from 'qrcode';
  export function create(text: string, options?: QRCodeOptions): QRCode;
}
