/**
 * The link just made (or picked from "My links"): the URL, "Copy link", its QR code, PNG download,
 * and the same code full screen for signing people up in person (a modal dialog, in
 * components/QrCode.tsx).
 */
import { useSignal } from '@preact/signals';
import type { LinkDto } from '../../../shared/api';
import { QrCode, QrFullScreen } from '../../components/QrCode';
import { copyText } from '../../lib/clipboard';
import { formatExpiry, formatUses } from '../../lib/format';
import { downloadQrPng } from '../../lib/qr';

export function LinkResult({ link }: { link: LinkDto }) {
  const copied = useSignal<string | null>(null);
  const full = useSignal(false);

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
      <div class="row">
        <QrCode text={link.url} size={168} label="QR code of the invitation link" />
        <div class="stack">
          <button type="button" onClick={() => downloadQrPng(link.url, link.id)}>
            Download QR code
          </button>
          <button type="button" onClick={() => (full.value = true)}>
            Show QR code full screen
          </button>
        </div>
      </div>
      {full.value ? (
        <QrFullScreen
          text={link.url}
          label="QR code of the invitation link"
          title="QR code full screen"
          closeLabel="Close full screen"
          onClose={() => (full.value = false)}
        />
      ) : null}
    </section>
  );
}
