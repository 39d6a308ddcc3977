/** A link's QR code drawn into a canvas in the page. */
import { useEffect, useRef } from 'preact/hooks';
import { drawQr } from '../lib/qr';

export function QrCode({ text, size, label }: { text: string; size: number; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (canvas.current) drawQr(canvas.current, text, size);
  }, [text, size]);
  return (
    <canvas ref={canvas} role="img" aria-label={label} width={size} height={size} class="qr" />
  );
}
