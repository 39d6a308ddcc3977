/**
 * One renewal: an invitation that expired unaccepted, or someone asking for a new invitation. "Invite
 * again" (for those who may send personal invitations) sends a fresh one to the address, "Send a
 * link" e-mails a fresh general link (anyone who may make links; the server decides), "Dismiss"
 * puts it away. The role it would give is shown.
 */
import type { RenewalDecision, RenewalDto } from '../../../shared/api';
import { JoinsAs } from '../../components/JoinsAs';
import { formatRelative } from '../../lib/format';
import { t } from '../../lib/i18n';
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
  const button = (how: RenewalDecision, label: string) => (
    <button
      type="button"
      class={`small-button${how === 'dismiss' ? '' : ' primary'}`}
      disabled={busy}
      onClick={() => void review.settle(r, how)}
    >
      {label}
    </button>
  );
  return (
    <li class="item" aria-labelledby={labelId}>
      <div class="grow" id={labelId}>
        {r.name ? <strong>{r.name}</strong> : null}{' '}
        <span class="muted small">{r.email ?? r.phone}</span>
        <div class="muted small">
          {r.kind === 'asked' ? t('review.asked') : t('review.expired')}{' '}
          {formatRelative(r.createdAt)}
        </div>
        <JoinsAs role={r.role} />
      </div>
      {canInvite && button('invite', t('review.inviteAgain'))}
      {r.email && button('link', t('review.sendLink'))}
      {button('dismiss', t('review.dismiss'))}
    </li>
  );
}
