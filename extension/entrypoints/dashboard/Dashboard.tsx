/**
 * The dashboard page (admins): a section per task, chosen from the side menu and kept in the
 * address (#users).
 */
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { useApp } from '../../components/app-context';
import { ChangePassword } from '../../components/ChangePassword';
import { OrgSwitcher } from '../../components/OrgSwitcher';
import { SignIn } from '../../components/SignIn';
import { Loading } from '../../components/Status';
import { t } from '../../lib/i18n';
import { ApiKeysSection } from './ApiKeysSection';
import { ApplicationsSection } from './ApplicationsSection';
import { AuditSection } from './AuditSection';
import { DepartmentsSection } from './DepartmentsSection';
import { ImportSection } from './ImportSection';
import { InvitationsSection } from './InvitationsSection';
import { LinksSection } from './LinksSection';
import { RequestsSection } from './RequestsSection';
import { SettingsSection } from './SettingsSection';
import { UsersSection } from './UsersSection';
import { WebhooksSection } from './WebhooksSection';
import { WorkspacesSection } from './WorkspacesSection';

const SECTIONS = {
  users: UsersSection,
  import: ImportSection,
  invitations: InvitationsSection,
  links: LinksSection,
  applications: ApplicationsSection,
  requests: RequestsSection,
  departments: DepartmentsSection,
  workspaces: WorkspacesSection,
  settings: SettingsSection,
  audit: AuditSection,
  apiKeys: ApiKeysSection,
  webhooks: WebhooksSection,
} as const;

type SectionKey = keyof typeof SECTIONS;

const title = (key: SectionKey) => t(`dashboard.section.${key}`);

function sectionFromHash(): SectionKey {
  const key = location.hash.slice(1);
  return key in SECTIONS ? (key as SectionKey) : 'users';
}

export function Dashboard() {
  const app = useApp();
  const section = useSignal<SectionKey>(sectionFromHash());
  useEffect(() => {
    const onHash = () => (section.value = sectionFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => {
    document.title = t('dashboard.documentTitle', [title(section.value)]);
  }, [section.value]);

  const phase = app.phase.value;
  if (phase === 'loading') return <Loading />;
  if (phase === 'signedOut')
    return (
      <div class="narrow">
        <SignIn />
      </div>
    );
  if (phase === 'changePassword')
    return (
      <div class="narrow">
        <ChangePassword />
      </div>
    );
  if (!app.isAdmin.value) {
    return (
      <div class="narrow stack">
        <p class="notice">{t('dashboard.adminsOnly')}</p>
        <OrgSwitcher />
      </div>
    );
  }

  const View = SECTIONS[section.value];
  return (
    <div class="layout">
      <nav aria-label={t('dashboard.sections')} class="sidebar">
        <strong>{t('extName')}</strong>
        <OrgSwitcher />
        <ul>
          {(Object.keys(SECTIONS) as SectionKey[]).map((key) => (
            <li key={key}>
              <a href={`#${key}`} aria-current={key === section.value ? 'page' : undefined}>
                {title(key)}
              </a>
            </li>
          ))}
        </ul>
        <button type="button" class="link-button" onClick={() => void app.signOut()}>
          {t('common.signOut')}
        </button>
      </nav>
      <main class="content" key={`${app.orgId.value}-${section.value}`}>
        <h1>{title(section.value)}</h1>
        <View />
      </main>
    </div>
  );
}
