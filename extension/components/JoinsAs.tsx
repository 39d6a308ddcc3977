/**
 * The role a renewal would give (popup Review tab, dashboard Requests): what "Invite again" or "Send
 * a link" grants is the spent link's or the expired invitation's, so it is said before the click,
 * and stands out above member.
 */
import type { RenewalDto } from '../../shared/api';
import { formatStatus } from '../lib/format';
import { t } from '../lib/i18n';

export function JoinsAs({ role }: { role: RenewalDto['role'] }) {
  const text = t('review.joinsAs', [formatStatus(role)]);
  return <div class="small">{role === 'member' ? text : <strong>{text}</strong>}</div>;
}
