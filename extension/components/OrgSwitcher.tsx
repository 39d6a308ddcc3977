/** Which organization the extension acts for; a choice when the user belongs to several. */
import { formatStatus } from '../lib/format';
import { t } from '../lib/i18n';
import { useApp } from './app-context';

export function OrgSwitcher() {
  const app = useApp();
  const memberships = app.session.value?.memberships ?? [];
  const current = app.membership.value;
  if (!current) return <span class="muted">{t('org.none')}</span>;
  if (memberships.length === 1) {
    return <span class="org-name">{current.orgName}</span>;
  }
  return (
    <select
      class="org-switcher"
      aria-label={t('org.label')}
      value={current.orgId}
      onChange={(e) => void app.switchOrg(e.currentTarget.value)}
    >
      {memberships.map((m) => (
        <option key={m.orgId} value={m.orgId}>
          {t('org.choice', { name: m.orgName, role: formatStatus(m.role).toLowerCase() })}
        </option>
      ))}
    </select>
  );
}
