/** Which organization the extension acts for; a choice when the user belongs to several. */
import { useApp } from './app-context';

export function OrgSwitcher() {
  const app = useApp();
  const memberships = app.session.value?.memberships ?? [];
  const current = app.membership.value;
  if (!current) return <span class="muted">No organization</span>;
  if (memberships.length === 1) {
    return <span class="org-name">{current.orgName}</span>;
  }
  return (
    <select
      class="org-switcher"
      aria-label="Organization"
      value={current.orgId}
      onChange={(e) => void app.switchOrg(e.currentTarget.value)}
    >
      {memberships.map((m) => (
        <option key={m.orgId} value={m.orgId}>
          {m.orgName} ({m.role})
        </option>
      ))}
    </select>
  );
}
