/**
 * Over a tab showing an invitation of this server: whom it is for, and a way to switch to that
 * account.
 */
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { useApp } from '../../components/app-context';
import {
  activeTabUrl,
  switchToInvitee,
  tabInvitation,
  type TabInvitation,
} from '../../lib/invitation-tab';
import { t } from '../../lib/i18n';

export function InvitationNotice() {
  const app = useApp();
  const invitation = useSignal<TabInvitation | null>(null);
  useEffect(() => {
    void activeTabUrl()
      .then((url) => tabInvitation(app, url))
      .then((found) => (invitation.value = found))
      .catch(() => undefined);
  }, [app]);
  const inv = invitation.value;
  if (!inv) return null;
  if (inv.forMe) {
    return (
      <p class="notice" role="status">
        {t('tabInvitation.forYou', { org: inv.orgName, account: inv.account })}
      </p>
    );
  }
  return (
    <div class="notice stack" role="status">
      <p>
        {t('tabInvitation.forOther', {
          org: inv.orgName,
          address: inv.address,
          account: inv.account,
        })}
      </p>
      <button type="button" onClick={() => void switchToInvitee(app, inv)}>
        {t('tabInvitation.switch', [inv.address])}
      </button>
    </div>
  );
}
