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
          Status
          <select
            value={status.value}
            onChange={(e) => {
              status.value = e.currentTarget.value as ApplicationStatus | '';
              void list.load();
            }}
          >
            <option value="">Any status</option>
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
          <Empty>No applications.</Empty>
        )
      ) : (
        <table aria-label="Applications">
          <thead>
            <tr>
              <th>Applicant</th>
              <th>Invited by</th>
              <th>Applied</th>
              <th>Result</th>
              <th>Reviewed by</th>
              <th>Reason</th>
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
                  {a.reviewer?.name ?? (a.status === 'pending' ? '' : 'Automatic')}
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
          Load more
        </button>
      )}
    </>
  );
}
