/** The popup: sign-in, or the header with the organization and the Share / Review / Find tabs. */
import { useSignal } from '@preact/signals';
import { useApp } from '../../components/app-context';
import { ChangePassword } from '../../components/ChangePassword';
import { OrgSwitcher } from '../../components/OrgSwitcher';
import { SignIn } from '../../components/SignIn';
import { Loading } from '../../components/Status';
import { Tabs, type TabSpec } from '../../components/Tabs';
import { t } from '../../lib/i18n';
import { FindTab } from './FindTab';
import { InvitationNotice } from './InvitationNotice';
import { ReviewTab } from './ReviewTab';
import { ShareTab } from './ShareTab';

type TabKey = 'share' | 'review' | 'find';

const TABS = (): TabSpec<TabKey>[] => [
  { key: 'share', label: t('popup.share') },
  { key: 'review', label: t('popup.review') },
  { key: 'find', label: t('popup.find') },
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
        <p class="notice">{t('popup.noOrganization', [app.session.value?.user.email ?? ''])}</p>
        <InvitationNotice />
        <button type="button" onClick={() => void app.signOut()}>
          {t('common.signOut')}
        </button>
      </div>
    );
  }

  const user = app.session.value?.user;
  const address = user?.email || user?.phone || '';
  // The sign-in address says which account this is; a name only where there is no address.
  const who = address || user?.name || '';
  return (
    <>
      <header class="header">
        <h1 class="sr-only">{t('popup.title')}</h1>
        <OrgSwitcher />
        <span class="grow" />
        {app.isAdmin.value && (
          <a href="/dashboard.html" target="_blank" rel="noopener">
            {t('popup.dashboard')}
          </a>
        )}
        <a href="/options.html" target="_blank" rel="noopener">
          {t('popup.options')}
        </a>
        <button type="button" class="link-button" onClick={() => void app.signOut()}>
          {t('common.signOut')}
        </button>
      </header>
      <p class="signed-in-as" title={user?.name}>
        {t('popup.signedInAs', [who])}
      </p>
      <InvitationNotice />
      <Tabs
        tabs={TABS()}
        selected={tab.value}
        onSelect={(key) => (tab.value = key)}
        label={t('popup.sections')}
      >
        {tab.value === 'share' && <ShareTab />}
        {tab.value === 'review' && <ReviewTab />}
        {tab.value === 'find' && <FindTab />}
      </Tabs>
    </>
  );
}
