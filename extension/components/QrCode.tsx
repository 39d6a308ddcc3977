/**
 * A link's QR code drawn into a canvas in the page, and the same code full screen as a modal
 * dialog.
 */
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

/**
 * The code full screen, for signing people up in person: a native `<dialog>` opened with
 * `showModal()`, so the page behind it is inert and focus moves to its close button; Tab and
 * Shift+Tab stay inside it (the browser alone would let Tab leave for its own toolbar); Escape or
 * the button closes it, and focus goes back to the control that opened it. Mounted while open:
 * the caller renders it when the code is to be shown and drops it on `onClose`.
 */
export function QrFullScreen(props: {
  text: string;
  label: string;
  title: string;
  closeLabel: string;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = dialog.current;
    d?.showModal();
    // Closing it (Escape, the button, or here when it goes away open; closing a closed dialog does
    // nothing) gives focus back to the control that opened it: the browser does that for a dialog
    // opened with showModal().
    return () => d?.close();
  }, []);

  return (
    <dialog
      ref={dialog}
      class="fullscreen"
      aria-label={props.title}
      onClose={props.onClose}
      onKeyDown={(event) => {
        // Its one control keeps focus: Tab and Shift+Tab stay on the close button, its last child.
        if (event.key !== 'Tab') return;
        event.preventDefault();
        (event.currentTarget.lastElementChild as HTMLElement).focus();
      }}
    >
      <QrCode text={props.text} size={Math.min(innerWidth, innerHeight) - 70} label={props.label} />
      <button type="button" onClick={() => dialog.current?.close()}>
        {props.closeLabel}
      </button>
    </dialog>
  );
}
