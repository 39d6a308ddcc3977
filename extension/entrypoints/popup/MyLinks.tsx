/**
 * "My links": the user's active links with uses and expiry, show or revoke each, and "Reset all"
 * with a confirmation.
 */
import { useSignal } from '@preact/signals';
import { Empty } from '../../components/Status';
import { formatExpiry, formatUses } from '../../lib/format';
import { plural, t } from '../../lib/i18n';
import type { ShareState } from '../../lib/share';

export function MyLinks({ share }: { share: ShareState }) {
  const confirming = useSignal(false);
  const result = useSignal<string | null>(null);
  const links = share.links.data.value ?? [];

  async function resetAll() {
    confirming.value = false;
    const revoked = await share.resetAll();
    if (revoked !== null) result.value = plural('myLinks.turnedOff', revoked);
  }

  return (
    <section aria-labelledby="my-links-title" class="stack">
      <div class="row between">
        <h2 id="my-links-title">{t('myLinks.title')}</h2>
        {links.length > 0 && !confirming.value && (
          <button type="button" class="danger" onClick={() => (confirming.value = true)}>
            {t('myLinks.resetAll')}
          </button>
        )}
      </div>
      {confirming.value && (
        <div class="confirm" role="alertdialog" aria-labelledby="reset-question">
          <p id="reset-question">{plural('myLinks.confirm', links.length)}</p>
          <div class="row">
            <button
              type="button"
              class="danger"
              onClick={() => void resetAll()}
              // biome-ignore lint/a11y/noAutofocus: the confirmation a click just opened takes the focus
              autoFocus
            >
              {t('myLinks.turnOffAll')}
            </button>
            <button type="button" onClick={() => (confirming.value = false)}>
              {t('common.cancel')}
            </button>
          </div>
        </div>
      )}
      {result.value && (
        <p role="status" class="muted small">
          {result.value}
        </p>
      )}
      {links.length === 0 ? (
        <Empty>{t('myLinks.none')}</Empty>
      ) : (
        <ul class="list">
          {links.map((link) => (
            <li key={link.id} class="item">
              <div class="grow">
                <div class="mono small truncate">{link.url}</div>
                <div class="muted small">
                  {formatUses(link.useCount, link.maxUses)} · {formatExpiry(link.expiresAt)}
                  {link.requiresApproval ? ` · ${t('myLinks.approval')}` : ''}
                </div>
              </div>
              <button
                type="button"
                class="small-button"
                onClick={() => (share.current.value = link)}
              >
                {t('myLinks.show')}
              </button>
              <button
                type="button"
                class="small-button"
                aria-label={t('myLinks.revokeLabel')}
                onClick={() => void share.revoke(link)}
              >
                {t('myLinks.revoke')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
