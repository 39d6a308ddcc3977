/**
 * One pending application: who, e-mail, inviter, when; "Approve", or "Reject" with an optional
 * reason.
 */
import { useSignal } from '@preact/signals';
import type { ApplicationDto } from '../../../shared/api';
import { formatRelative } from '../../lib/format';
import { t } from '../../lib/i18n';
import type { ReviewState } from '../../lib/review';

export function ApplicationItem({
  application: a,
  review,
}: {
  application: ApplicationDto;
  review: ReviewState;
}) {
  const rejecting = useSignal(false);
  const reason = useSignal('');
  const busy = review.busy.value.has(a.id);
  const labelId = `application-${a.id}`;

  return (
    <li class="item column" aria-labelledby={labelId}>
      <div class="row">
        <div class="grow" id={labelId}>
          <strong>{a.name}</strong> <span class="muted small">{a.email}</span>
          <div class="muted small">
            {t('review.invitedBy', { inviter: a.inviter.name, when: formatRelative(a.createdAt) })}
          </div>
        </div>
        {!rejecting.value && (
          <>
            <button
              type="button"
              class="primary small-button"
              disabled={busy}
              onClick={() => void review.approve(a)}
            >
              {t('review.approve')}
            </button>
            <button
              type="button"
              class="small-button"
              disabled={busy}
              onClick={() => (rejecting.value = true)}
            >
              {t('review.reject')}
            </button>
          </>
        )}
      </div>
      {rejecting.value && (
        <form
          class="row"
          onSubmit={(e) => {
            e.preventDefault();
            void review.reject(a, reason.value);
          }}
        >
          <input
            class="grow"
            aria-label={t('review.reason')}
            aria-describedby={labelId}
            placeholder={t('review.reason')}
            maxLength={500}
            value={reason.value}
            onInput={(e) => (reason.value = e.currentTarget.value)}
            // biome-ignore lint/a11y/noAutofocus: the field a click just revealed takes the focus
            autoFocus
          />
          <button type="submit" class="danger small-button" disabled={busy}>
            {t('review.reject')}
          </button>
          <button type="button" class="small-button" onClick={() => (rejecting.value = false)}>
            {t('common.cancel')}
          </button>
        </form>
      )}
    </li>
  );
}
