/**
 * The link just made (or picked from "My links"): the URL, "Copy link", its QR code, PNG download,
 * and the same code full screen for signing people up in person (Escape or the button closes it).
 */
import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import type { LinkDto } from '../../../shared/api';
import { QrCode } from '../../components/QrCode';
import { copyText } from '../../lib/clipboard';
import { formatExpiry, formatUses } from '../../lib/format';
import { downloadQrPng } from '../../lib/qr';

export function LinkResult({ link }: { link: LinkDto }) {
  const copied = useSignal<string | null>(null);
  const full = useSignal(false);
  const close = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!full.value) return;
    close.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') full.value = false;
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, [full.value]);

  async function copy() {
    copied.value = (await copyText(link.url))
      ? 'Link copied.'
      : 'Copy failed: copy the link by hand.';
  }

  return (
    <section class="link-result" aria-label="Invitation link">
      <div class="row">
        <input
          class="grow mono"
          readOnly
          value={link.url}
          aria-label="Invitation link URL"
          onFocus={(e) => e.currentTarget.select()}
        />
        <button type="button" class="primary" onClick={() => void copy()}>
          Copy link
        </button>
      </div>
      <p class="muted small" role="status">
        {copied.value ??
          `${formatExpiry(link.expiresAt)} · ${formatUses(link.useCount, link.maxUses)}`}
      </p>
      {/* biome-ignore lint/a11y/useAriaPropsSupportedByRole: labelled only while it is a dialog */}
      <div
        class={full.value ? 'fullscreen' : 'row'}
        role={full.value ? 'dialog' : undefined}
        aria-label={full.value ? 'QR code full screen' : undefined}
      >
        <QrCode
          text={link.url}
          size={full.value ? Math.min(innerWidth, innerHeight) - 70 : 168}
          label="QR code of the invitation link"
        />
        {full.value ? (
          <button ref={close} type="button" onClick={() => (full.value = false)}>
            Close full screen
          </button>
        ) : (
          <div class="stack">
            <button type="button" onClick={() => downloadQrPng(link.url, link.id)}>
              Download QR code
            </button>
            <button type="button" onClick={() => (full.value = true)}>
              Show QR code full screen
            </button>
          </div>
        )}
      </div>
    </section>
  );
}
