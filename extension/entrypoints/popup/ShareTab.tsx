/**
 * Share: create a general invitation link, show it with its QR code, and list the user's own links.
 */
import { useEffect, useMemo } from 'preact/hooks';
import { useApp } from '../../components/app-context';
import { ErrorNotice, Loading } from '../../components/Status';
import { decodeChoice, encodeChoice, usageChoices } from '../../lib/link-options';
import { createShareState } from '../../lib/share';
import { LinkResult } from './LinkResult';
import { MyLinks } from './MyLinks';
import { t } from '../../lib/i18n';

export function ShareTab() {
  const app = useApp();
  const share = useMemo(() => createShareState(app), [app, app.orgId.value]);
  useEffect(() => void share.load(), [share]);
  const form = share.form.value;
  const isAdmin = app.isAdmin.value;

  if (share.notAllowed.value) {
    return (
      <p class="notice" role="status">
        {t('share.onlyAdmins', [app.membership.value?.orgName ?? ''])}
      </p>
    );
  }

  function submit(event: Event) {
    event.preventDefault();
    void share.create();
  }

  return (
    <div class="stack">
      <form class="link-form" onSubmit={submit} aria-label={t('share.form')}>
        <label>
          {t('share.validFor')}
          <select
            value={encodeChoice(form.expiresInHours)}
            onChange={(e) => share.update({ expiresInHours: decodeChoice(e.currentTarget.value) })}
          >
            {share.validity.value.map((c) => (
              <option key={encodeChoice(c.value)} value={encodeChoice(c.value)}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('share.usageLimit')}
          <select
            value={encodeChoice(form.maxUses)}
            onChange={(e) => share.update({ maxUses: decodeChoice(e.currentTarget.value) })}
          >
            {usageChoices().map((c) => (
              <option key={encodeChoice(c.value)} value={encodeChoice(c.value)}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
        {isAdmin && (
          <>
            <label>
              {t('common.department')}
              <select
                value={form.departmentId}
                onChange={(e) => share.update({ departmentId: e.currentTarget.value })}
              >
                <option value="">{t('common.noDepartment')}</option>
                {(share.departments.data.value ?? []).map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('common.role')}
              <select
                value={form.role}
                onChange={(e) =>
                  share.update({ role: e.currentTarget.value === 'admin' ? 'admin' : 'member' })
                }
              >
                <option value="member">{t('word.member')}</option>
                <option value="admin">{t('word.admin')}</option>
              </select>
            </label>
            <label class="check wide">
              <input
                type="checkbox"
                checked={form.requiresApproval}
                onChange={(e) => share.update({ requiresApproval: e.currentTarget.checked })}
              />
              {t('share.requiresApproval')}
            </label>
          </>
        )}
        {!isAdmin && <p class="muted small wide">{t('share.memberNote')}</p>}
        <button type="submit" class="primary wide" disabled={share.busy.value}>
          {share.busy.value ? t('share.busy') : t('share.create')}
        </button>
      </form>
      <ErrorNotice error={share.error.value} />
      {share.current.value && <LinkResult link={share.current.value} />}
      {share.links.data.value ? (
        <MyLinks share={share} />
      ) : (
        share.links.loading.value && <Loading />
      )}
      <ErrorNotice error={share.links.error.value} onRetry={() => void share.links.reload()} />
    </div>
  );
}
