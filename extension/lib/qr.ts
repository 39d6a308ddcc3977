/**
 * QR codes of invitation links: encoded by the `qrcode` package, drawn into a canvas in the page
 * (no server round trip). Each module is a whole number of pixels, so the code stays sharp at any
 * size.
 */
import { create } from 'qrcode/lib/core/qrcode';

/** Quiet zone around the code, in modules. */
const MARGIN = 2;

/**
 * Draws `text` as a QR code into `canvas`, `size` CSS pixels wide; `scale` extra pixels keep it
 * sharp on dense screens.
 */
export function drawQr(
  canvas: HTMLCanvasElement,
  text: string,
  size: number,
  scale = globalThis.devicePixelRatio || 1,
): HTMLCanvasElement {
  const { modules } = create(text, { errorCorrectionLevel: 'M' });
  const count = modules.size + 2 * MARGIN;
  const unit = Math.max(1, Math.floor((size * scale) / count));
  canvas.width = canvas.height = unit * count;
  const context = canvas.getContext('2d');
  if (context) {
    context.fillStyle = '#fff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.fillStyle = '#111827';
    for (let row = 0; row < modules.size; row++) {
      for (let col = 0; col < modules.size; col++) {
        if (modules.get(row, col))
          context.fillRect((col + MARGIN) * unit, (row + MARGIN) * unit, unit, unit);
      }
    }
  }
  canvas.style.width = canvas.style.height = `${size}px`;
  return canvas;
}

/** A file name for the downloaded code, from the link's id (never its secret token). */
export function qrFileName(linkId: string): string {
  return `invitation-qr-${linkId.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 40) || 'link'}.png`;
}

/** Saves a PNG of the link's QR code, large enough to print. */
export function downloadQrPng(url: string, linkId: string): void {
  const anchor = document.createElement('a');
  anchor.href = drawQr(document.createElement('canvas'), url, 1024, 1).toDataURL('image/png');
  anchor.download = qrFileName(linkId);
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
}
