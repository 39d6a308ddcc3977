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
import { t } from '../../lib/i18n';

export function LinkResult({ link }: { link: LinkDto }) {
  const copied = useSignal<string | null>(null);
  const full = useSignal(false);

  async function copy() {
    copied.value = (await copyText(link.url)) ? t('link.copied') : t('link.copyFailed');
  }

  return (
    <section class="link-result" aria-label={t('link.label')}>
      <div class="row">
        <input
          class="grow mono"
          readOnly
          value={link.url}
          aria-label={t('common.linkUrl')}
          onFocus={(e) => e.currentTarget.select()}
        />
        <button type="button" class="primary" onClick={() => void copy()}>
          {t('common.copyLink')}
        </button>
      </div>
      <p class="muted small" role="status">
        {copied.value ??
          `${formatExpiry(link.expiresAt)} · ${formatUses(link.useCount, link.maxUses)}`}
      </p>
      <div class="row">
        <QrCode text={link.url} size={168} label={t('link.qr')} />
        <div class="stack">
          <button type="button" onClick={() => downloadQrPng(link.url, link.id)}>
            {t('link.download')}
          </button>
          <button type="button" onClick={() => (full.value = true)}>
            {t('link.showFullScreen')}
          </button>
        </div>
      </div>
      {full.value ? (
        <QrFullScreen
          text={link.url}
          label={t('link.qr')}
          title={t('link.fullScreen')}
          closeLabel={t('link.closeFullScreen')}
          onClose={() => (full.value = false)}
        />
      ) : null}
    </section>
  );
}
