/**
 * One renewal: an invitation that expired unaccepted, or someone asking for a new invitation. "Invite
 * again" (for those who may send personal invitations) sends a fresh one to the address; "Dismiss"
 * puts it away.
 */
import type { RenewalDto } from '../../../shared/api';
import { formatRelative } from '../../lib/format';
import type { ReviewState } from '../../lib/review';

export function RenewalItem({
  renewal: r,
  review,
  canInvite,
}: {
  renewal: RenewalDto;
  review: ReviewState;
  canInvite: boolean;
}) {
  const busy = review.busy.value.has(r.id);
  const labelId = `renewal-${r.id}`;
  const address = r.email ?? r.phone ?? '';
  return (
    <li class="item" aria-labelledby={labelId}>
      <div class="grow" id={labelId}>
        {r.name ? <strong>{r.name}</strong> : null} <span class="muted small">{address}</span>
        <div class="muted small">
          {r.kind === 'asked' ? 'Asked for a new invitation' : 'Invitation expired'}{' '}
          {formatRelative(r.createdAt)}
        </div>
      </div>
      {canInvite && (
        <button
          type="button"
          class="primary small-button"
          disabled={busy}
          onClick={() => void review.settle(r, true)}
        >
          Invite again
        </button>
      )}
      <button
        type="button"
        class="small-button"
        disabled={busy}
        onClick={() => void review.settle(r, false)}
      >
        Dismiss
      </button>
    </li>
  );
}
