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
        The invitation in this tab to {inv.orgName} is for you ({inv.account}). Accept it on the
        page.
      </p>
    );
  }
  return (
    <div class="notice stack" role="status">
      <p>
        The invitation in this tab to {inv.orgName} is for {inv.address}; you are signed in as{' '}
        {inv.account}. Accepting it on the page does not change who is signed in here.
      </p>
      <button type="button" onClick={() => void switchToInvitee(app, inv)}>
        Switch to {inv.address}
      </button>
    </div>
  );
}
