/** The audit log: who did what to whom, newest first. */
import { useEffect, useMemo } from 'preact/hooks';
import { useApp } from '../../components/app-context';
import { Empty, ErrorNotice, Loading } from '../../components/Status';
import { callAdmin } from '../../lib/dashboard/admin';
import { createPagedList } from '../../lib/dashboard/paged';
import { formatDateTime } from '../../lib/dashboard/dates';
import { formatStatus } from '../../lib/format';
import { t } from '../../lib/i18n';

function describeDetail(detail: Record<string, unknown> | null): string {
  if (!detail) return '';
  return Object.entries(detail)
    .filter(([, v]) => v !== null && v !== undefined && typeof v !== 'object')
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join(', ');
}

export function AuditSection() {
  const app = useApp();
  const list = useMemo(
    () => createPagedList((cursor) => callAdmin(app, (api, orgId) => api.audit(orgId, { cursor }))),
    [app],
  );
  useEffect(() => void list.load(), [list]);
  const items = list.items.value;

  return (
    <>
      <ErrorNotice error={list.error.value} onRetry={() => void list.load()} />
      {items.length === 0 ? (
        list.loading.value ? (
          <Loading />
        ) : (
          <Empty>{t('audit.empty')}</Empty>
        )
      ) : (
        <table aria-label={t('dashboard.section.audit')}>
          <thead>
            <tr>
              <th>{t('audit.when')}</th>
              <th>{t('audit.who')}</th>
              <th>{t('audit.what')}</th>
              <th>{t('audit.target')}</th>
              <th>{t('links.details')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((e) => (
              <tr key={e.id}>
                <td class="small">{formatDateTime(e.createdAt)}</td>
                <td>
                  {!e.actor
                    ? t('audit.system')
                    : e.actor.kind === 'api_key'
                      ? t('audit.viaKey', [e.actor.name])
                      : e.actor.name}
                </td>
                <td>{formatStatus(e.action.replace(/[.:]/g, ' '))}</td>
                <td class="small">{e.targetType ? `${e.targetType} ${e.targetId ?? ''}` : ''}</td>
                <td class="small">{describeDetail(e.detail)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {list.nextCursor.value && (
        <button type="button" disabled={list.loading.value} onClick={() => void list.load(true)}>
          {t('table.more')}
        </button>
      )}
    </>
  );
}
