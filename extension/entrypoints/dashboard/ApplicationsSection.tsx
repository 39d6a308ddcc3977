/**
 * Every application with its inviter, who reviewed it and the result; filter by status, page
 * through.
 */
import { useSignal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import type { ApplicationStatus } from '../../../shared/api';
import { APPLICATION_STATUSES } from '../../../shared/api/applications';
import { useApp } from '../../components/app-context';
import { Empty, ErrorNotice, Loading } from '../../components/Status';
import { createPagedList } from '../../lib/dashboard/paged';
import { formatDateTime } from '../../lib/dashboard/dates';
import { formatStatus } from '../../lib/format';
import { t } from '../../lib/i18n';

export function ApplicationsSection() {
  const app = useApp();
  const status = useSignal<ApplicationStatus | ''>('');
  const list = useMemo(
    () =>
      createPagedList((cursor) =>
        app.call((api, orgId) =>
          api.applications.list(orgId, { status: status.value || undefined, cursor }),
        ),
      ),
    [app],
  );
  useEffect(() => void list.load(), [list]);
  const items = list.items.value;

  return (
    <>
      <div class="toolbar">
        <label>
          {t('table.status')}
          <select
            value={status.value}
            onChange={(e) => {
              status.value = e.currentTarget.value as ApplicationStatus | '';
              void list.load();
            }}
          >
            <option value="">{t('table.anyStatus')}</option>
            {APPLICATION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {formatStatus(s)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ErrorNotice error={list.error.value} onRetry={() => void list.load()} />
      {items.length === 0 ? (
        list.loading.value ? (
          <Loading />
        ) : (
          <Empty>{t('applications.empty')}</Empty>
        )
      ) : (
        <table aria-label={t('dashboard.section.applications')}>
          <thead>
            <tr>
              <th>{t('table.applicant')}</th>
              <th>{t('table.invitedBy')}</th>
              <th>{t('table.applied')}</th>
              <th>{t('table.result')}</th>
              <th>{t('table.reviewedBy')}</th>
              <th>{t('table.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((a) => (
              <tr key={a.id}>
                <td>
                  {a.name}
                  <div class="muted small">{a.email}</div>
                </td>
                <td>{a.inviter.name}</td>
                <td class="small">{formatDateTime(a.createdAt)}</td>
                <td>
                  <span class={`status status-${a.status}`}>{formatStatus(a.status)}</span>
                </td>
                <td>
                  {a.reviewer?.name ?? (a.status === 'pending' ? '' : t('table.automatic'))}
                  <div class="muted small">{formatDateTime(a.reviewedAt)}</div>
                </td>
                <td class="small">{a.reason}</td>
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
