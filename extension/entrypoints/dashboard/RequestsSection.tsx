/**
 * Renewals (features/renewals/ on the server): invitations that expired unaccepted and people who
 * asked for a new invitation on an expired invitation's or a spent link's page. Filter by status,
 * page through; a pending one is renewed in one click with a fresh personal invitation or a fresh
 * link e-mailed to the person, or dismissed.
 */
import { useSignal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import type { RenewalDecision, RenewalDto, RenewalStatus } from '../../../shared/api';
import { RENEWAL_STATUSES } from '../../../shared/api/renewals';
import { useApp } from '../../components/app-context';
import { JoinsAs } from '../../components/JoinsAs';
import { Empty, ErrorNotice, Loading } from '../../components/Status';
import { formatDateTime } from '../../lib/dashboard/dates';
import { createPagedList } from '../../lib/dashboard/paged';
import { formatStatus } from '../../lib/format';
import { t } from '../../lib/i18n';

export function RequestsSection() {
  const app = useApp();
  const status = useSignal<RenewalStatus | ''>('pending');
  const busy = useSignal<string | null>(null);
  const failure = useSignal<unknown>(null);
  const list = useMemo(
    () =>
      createPagedList((cursor) =>
        app.call((api, orgId) =>
          api.renewals.list(orgId, { status: status.value || undefined, cursor }),
        ),
      ),
    [app],
  );
  useEffect(() => void list.load(), [list]);
  const items = list.items.value;

  async function settle(r: RenewalDto, how: RenewalDecision) {
    busy.value = r.id;
    failure.value = null;
    try {
      await app.call((api, orgId) => api.renewals.decide(orgId, r.id, how));
      await list.load();
    } catch (e) {
      failure.value = e;
    } finally {
      busy.value = null;
    }
  }

  return (
    <>
      <div class="toolbar">
        <label>
          {t('table.status')}
          <select
            value={status.value}
            onChange={(e) => {
              status.value = e.currentTarget.value as RenewalStatus | '';
              void list.load();
            }}
          >
            <option value="">{t('table.anyStatus')}</option>
            {RENEWAL_STATUSES.map((s) => (
              <option key={s} value={s}>
                {formatStatus(s)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ErrorNotice error={failure.value ?? list.error.value} onRetry={() => void list.load()} />
      {items.length === 0 ? (
        list.loading.value ? (
          <Loading />
        ) : (
          <Empty>{t('review.renewalsEmpty')}</Empty>
        )
      ) : (
        <table aria-label={t('review.renewalsTitle')}>
          <thead>
            <tr>
              <th>{t('table.name')}</th>
              <th>{t('requests.what')}</th>
              <th>{t('table.invitedBy')}</th>
              <th>{t('requests.when')}</th>
              <th>{t('table.status')}</th>
              <th>
                <span class="sr-only">{t('table.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((r) => (
              <tr key={r.id}>
                <td>
                  {r.name}
                  <div class="muted small">{r.email ?? r.phone}</div>
                </td>
                <td>
                  {r.kind === 'asked' ? t('review.asked') : t('review.expired')}
                  <JoinsAs role={r.role} />
                </td>
                <td>{r.owner.name}</td>
                <td class="small">{formatDateTime(r.createdAt)}</td>
                <td>
                  <span class={`status status-${r.status}`}>{formatStatus(r.status)}</span>
                  {r.decidedBy && <div class="muted small">{r.decidedBy.name}</div>}
                </td>
                <td>
                  {r.status === 'pending' && (
                    <div class="row">
                      {app.isAdmin.value && (
                        <button
                          type="button"
                          class="primary"
                          disabled={busy.value === r.id}
                          onClick={() => void settle(r, 'invite')}
                        >
                          {t('review.inviteAgain')}
                        </button>
                      )}
                      {r.email && (
                        <button
                          type="button"
                          class="primary"
                          disabled={busy.value === r.id}
                          onClick={() => void settle(r, 'link')}
                        >
                          {t('review.sendLink')}
                        </button>
                      )}
                      <button
                        type="button"
                        disabled={busy.value === r.id}
                        onClick={() => void settle(r, 'dismiss')}
                      >
                        {t('review.dismiss')}
                      </button>
                    </div>
                  )}
                </td>
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
