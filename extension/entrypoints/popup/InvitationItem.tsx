/** One pending personal invitation: resend, cancel, or change the workspaces it grants. */
import { useSignal } from '@preact/signals';
import type { InvitationDto } from '../../../shared/api';
import { WorkspacePicker } from '../../components/WorkspacePicker';
import { formatChannel, formatDelivery, formatExpiry, formatStatus } from '../../lib/format';
import { plural, t } from '../../lib/i18n';
import type { ReviewState } from '../../lib/review';

export function InvitationItem({
  invitation: i,
  review,
}: {
  invitation: InvitationDto;
  review: ReviewState;
}) {
  const editing = useSignal(false);
  const busy = review.busy.value.has(i.id);
  const who = i.email ?? i.phone ?? t('review.linkInvitation');
  const whoId = `invitation-${i.id}`;

  function openWorkspaces() {
    editing.value = true;
    if (review.workspaces.data.value === undefined) void review.workspaces.reload();
  }

  return (
    <li class="item column">
      <div class="row">
        <div class="grow">
          <strong id={whoId}>{who}</strong>{' '}
          <span class="muted small">
            {formatStatus(i.role)} · {formatChannel(i.channel)}
          </span>
          <div class="muted small">
            {formatExpiry(i.expiresAt)}
            {i.resendCount > 0 ? ` · ${plural('review.resent', i.resendCount)}` : ''}
            {i.workspaces.length > 0 ? ` · ${i.workspaces.map((w) => w.name).join(', ')}` : ''}
            {i.delivery && ` · ${formatDelivery(i.delivery)}`}
          </div>
        </div>
        <button
          type="button"
          class="small-button"
          disabled={busy}
          aria-describedby={whoId}
          onClick={() => void review.resend(i)}
        >
          {t('review.resend')}
        </button>
        <button
          type="button"
          class="small-button"
          disabled={busy}
          aria-describedby={whoId}
          onClick={() => void review.cancel(i)}
        >
          {t('common.cancel')}
        </button>
        {i.role === 'member' && (
          <button
            type="button"
            class="small-button"
            aria-expanded={editing.value}
            aria-describedby={whoId}
            onClick={openWorkspaces}
          >
            {t('review.workspaces')}
          </button>
        )}
      </div>
      {editing.value && (
        <WorkspacePicker
          workspaces={review.workspaces.data.value}
          initial={i.workspaces}
          busy={busy}
          onCancel={() => (editing.value = false)}
          onSave={async (grants) => {
            if (await review.setWorkspaces(i, grants)) editing.value = false;
          }}
        />
      )}
    </li>
  );
}
