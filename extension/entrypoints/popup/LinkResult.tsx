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
import { t } from '../../lib/i18n';

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
      {/* biome-ignore lint/a11y/useAriaPropsSupportedByRole: labelled only while it is a dialog */}
      <div
        class={full.value ? 'fullscreen' : 'row'}
        role={full.value ? 'dialog' : undefined}
        aria-label={full.value ? t('link.fullScreen') : undefined}
      >
        <QrCode
          text={link.url}
          size={full.value ? Math.min(innerWidth, innerHeight) - 70 : 168}
          label={t('link.qr')}
        />
        {full.value ? (
          <button ref={close} type="button" onClick={() => (full.value = false)}>
            {t('link.closeFullScreen')}
          </button>
        ) : (
          <div class="stack">
            <button type="button" onClick={() => downloadQrPng(link.url, link.id)}>
              {t('link.download')}
            </button>
            <button type="button" onClick={() => (full.value = true)}>
              {t('link.showFullScreen')}
            </button>
          </div>
        )}
      </div>
    </section>
  );
}
