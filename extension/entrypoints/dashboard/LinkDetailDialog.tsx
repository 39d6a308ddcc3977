/**
 * One link in detail: its latest applications and who joined through it, and "Revoke and remove
 * everyone who joined" for a leaked link, behind a confirmation that names how many people lose
 * their access.
 */
import { useEffect, useMemo } from 'preact/hooks';
import type { LinkDto } from '../../../shared/api';
import { useApp } from '../../components/app-context';
import { Empty, ErrorNotice, Loading } from '../../components/Status';
import { createLinkDetail, peopleToRemove, removalQuestion } from '../../lib/dashboard/link-detail';
import { formatDateTime } from '../../lib/dashboard/dates';
import { formatExpiry, formatStatus, formatUses } from '../../lib/format';
import { Dialog } from './Dialog';
import { t } from '../../lib/i18n';

/** The question, focused on its answer as it appears (Escape still closes the whole dialog). */
function RemovalConfirm({
  question,
  yes,
  onYes,
  onCancel,
}: {
  question: string;
  yes: string;
  onYes: () => void;
  onCancel: () => void;
}) {
  // By id, not a ref: see Dialog.
  useEffect(() => document.getElementById('remove-joined-yes')?.focus(), []);
  return (
    <div class="confirm" role="alertdialog" aria-labelledby="remove-joined-question">
      <p id="remove-joined-question">{question}</p>
      <div class="row">
        <button type="button" id="remove-joined-yes" class="danger" onClick={onYes}>
          {yes}
        </button>
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </div>
  );
}

interface Props {
  link: LinkDto;
  onChanged: (link: LinkDto) => void;
  onClose: () => void;
}

export function LinkDetailDialog({ link, onChanged, onClose }: Props) {
  const app = useApp();
  const state = useMemo(() => createLinkDetail(app, link.id, onChanged), [app, link.id]);
  useEffect(() => void state.load(), [state]);
  const detail = state.detail.data.value;
  const current = detail?.link ?? link;
  const removeLabel =
    current.status === 'revoked' ? t('linkDetail.removeAll') : t('linkDetail.revokeAndRemoveAll');

  return (
    <Dialog
      id="link-detail"
      title={t('linkDetail.title', [current.createdBy.name])}
      onClose={onClose}
      wide
    >
      <p class="mono small link-url">{current.url}</p>
      <p class="small">
        <span class={`status status-${current.status}`}>{formatStatus(current.status)}</span>{' '}
        {formatUses(current.useCount, current.maxUses)} ·{' '}
        {current.status === 'revoked'
          ? t('linkDetail.revokedAt', [formatDateTime(current.revokedAt)])
          : formatExpiry(current.expiresAt)}{' '}
        · {t('linkDetail.createdAt', [formatDateTime(current.createdAt)])}
      </p>
      <ErrorNotice error={state.detail.error.value} onRetry={() => void state.load()} />
      {!detail ? (
        state.detail.loading.value && <Loading />
      ) : (
        <>
          <section class="stack" aria-labelledby="link-joined-title">
            <h3 id="link-joined-title">{t('linkDetail.joinedTitle')}</h3>
            {detail.members.length === 0 ? (
              <Empty>{t('linkDetail.joinedEmpty')}</Empty>
            ) : (
              <table aria-label={t('linkDetail.joinedTitle')}>
                <thead>
                  <tr>
                    <th>{t('table.name')}</th>
                    <th>{t('common.email')}</th>
                    <th>{t('common.role')}</th>
                    <th>{t('table.status')}</th>
                    <th>{t('table.joined')}</th>
                  </tr>
                </thead>
                <tbody>
                  {detail.members.map((m) => (
                    <tr key={m.userId}>
                      <td>{m.name}</td>
                      <td>{m.email}</td>
                      <td>{formatStatus(m.role)}</td>
                      <td>
                        <span class={`status status-${m.status}`}>{formatStatus(m.status)}</span>
                      </td>
                      <td class="small">{formatDateTime(m.joinedAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          <section class="stack" aria-labelledby="link-applications-title">
            <h3 id="link-applications-title">{t('linkDetail.applicationsTitle')}</h3>
            {detail.applications.length === 0 ? (
              <Empty>{t('linkDetail.applicationsEmpty')}</Empty>
            ) : (
              <table aria-label={t('linkDetail.applicationsLabel')}>
                <thead>
                  <tr>
                    <th>{t('table.applicant')}</th>
                    <th>{t('table.applied')}</th>
                    <th>{t('table.result')}</th>
                    <th>{t('table.reviewedBy')}</th>
                  </tr>
                </thead>
                <tbody>
                  {detail.applications.map((a) => (
                    <tr key={a.id}>
                      <td>
                        {a.name}
                        <div class="muted small">{a.email}</div>
                      </td>
                      <td class="small">{formatDateTime(a.createdAt)}</td>
                      <td>
                        <span class={`status status-${a.status}`}>{formatStatus(a.status)}</span>
                      </td>
                      <td class="small">
                        {a.reviewer?.name ?? (a.status === 'pending' ? '' : t('table.automatic'))}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          {state.removable.value > 0 && (
            <div class="row">
              <button
                type="button"
                id="remove-joined"
                class="danger"
                aria-expanded={state.confirming.value}
                disabled={state.busy.value}
                onClick={() => (state.confirming.value = true)}
              >
                {removeLabel}
              </button>
            </div>
          )}
          {state.confirming.value && (
            <RemovalConfirm
              question={removalQuestion(detail)}
              yes={t('linkDetail.yesRemove', { people: peopleToRemove(detail) })}
              onYes={() => void state.revokeAndRemove()}
              onCancel={() => {
                state.confirming.value = false;
                document.getElementById('remove-joined')?.focus();
              }}
            />
          )}
        </>
      )}
      {state.result.value && <p role="status">{state.result.value}</p>}
      <ErrorNotice error={state.error.value} />
    </Dialog>
  );
}
