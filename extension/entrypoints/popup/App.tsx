/** The popup: sign-in, or the header with the organization and the Share / Review / Find tabs. */
import { useSignal } from '@preact/signals';
import { useApp } from '../../components/app-context';
import { ChangePassword } from '../../components/ChangePassword';
import { OrgSwitcher } from '../../components/OrgSwitcher';
import { SignIn } from '../../components/SignIn';
import { Loading } from '../../components/Status';
import { Tabs, type TabSpec } from '../../components/Tabs';
import { FindTab } from './FindTab';
import { InvitationNotice } from './InvitationNotice';
import { ReviewTab } from './ReviewTab';
import { ShareTab } from './ShareTab';

type TabKey = 'share' | 'review' | 'find';

const TABS: TabSpec<TabKey>[] = [
  { key: 'share', label: 'Share' },
  { key: 'review', label: 'Review' },
  { key: 'find', label: 'Find' },
];

export function App() {
  const app = useApp();
  const tab = useSignal<TabKey>('share');
  const phase = app.phase.value;

  if (phase === 'loading') return <Loading />;
  if (phase === 'signedOut') return <SignIn />;
  if (phase === 'changePassword') return <ChangePassword />;
  if (!app.membership.value) {
    return (
      <div class="stack">
        <p class="notice">
          {app.session.value?.user.email} is not a member of any organization yet.
        </p>
        <InvitationNotice />
        <button type="button" onClick={() => void app.signOut()}>
          Sign out
        </button>
      </div>
    );
  }

  return (
    <>
      <header class="header">
        <OrgSwitcher />
        <span class="grow" />
        {app.isAdmin.value && (
          <a href="/dashboard.html" target="_blank" rel="noopener">
            Dashboard
          </a>
        )}
        <a href="/options.html" target="_blank" rel="noopener">
          Options
        </a>
        <button type="button" class="link-button" onClick={() => void app.signOut()}>
          Sign out
        </button>
      </header>
      <p class="signed-in-as">
        Signed in as {app.session.value?.user.email || app.session.value?.user.phone}
      </p>
      <InvitationNotice />
      <Tabs tabs={TABS} selected={tab.value} onSelect={(key) => (tab.value = key)} label="Sections">
        {tab.value === 'share' && <ShareTab />}
        {tab.value === 'review' && <ReviewTab />}
        {tab.value === 'find' && <FindTab />}
      </Tabs>
    </>
  );
}
