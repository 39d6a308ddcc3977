/**
 * Personal invitations: invite someone, and the list by status with resend and cancel for pending
 * ones.
 */
import { useSignal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import type { InvitationDto, InvitationStatus } from '../../../shared/api';
import { INVITATION_STATUSES } from '../../../shared/api/invitations';
import { useApp } from '../../components/app-context';
import { Empty, ErrorNotice, Loading } from '../../components/Status';
import { createPagedList } from '../../lib/dashboard/paged';
import { formatDateTime } from '../../lib/dashboard/dates';
import { formatChannel, formatExpiry, formatStatus } from '../../lib/format';
import { DeliveryNote } from './DeliveryNote';
import { InviteForm } from './InviteForm';
import { sentNotice, SentNotice, type Sent } from './SentNotice';
import { plural, t } from '../../lib/i18n';

export function InvitationsSection() {
  const app = useApp();
  const status = useSignal<InvitationStatus | ''>('pending');
  // Only invitations whose latest message bounced, was marked as spam or failed (docs/DELIVERY.md).
  const problems = useSignal(false);
  const error = useSignal<unknown>(null);
  const done = useSignal<Sent | null>(null);
  const list = useMemo(
    () =>
      createPagedList((cursor) =>
        app.call((api, orgId) =>
          api.invitations.list(orgId, {
            status: status.value || undefined,
            delivery: problems.value ? 'problem' : undefined,
            cursor,
          }),
        ),
      ),
    [app],
  );
  useEffect(() => void list.load(), [list]);
  const items = list.items.value;

  async function act(invitation: InvitationDto, action: 'resend' | 'cancel') {
    error.value = null;
    done.value = null;
    try {
      if (action === 'resend') {
        // A copied-link invitation gets a new link: shown here, since nobody else will send it.
        const result = await app.call((api, orgId) => api.invitations.resend(orgId, invitation.id));
        done.value = sentNotice(result.invitation, result.url, true);
      } else {
        await app.call((api, orgId) => api.invitations.cancel(orgId, invitation.id));
        done.value = {
          text: t('invitations.canceled', [invitation.email ?? invitation.phone ?? '']),
        };
      }
      await list.load();
    } catch (e) {
      error.value = e;
    }
  }

  return (
    <>
      <InviteForm onSent={() => void list.load()} />
      <div class="toolbar">
        <label>
          {t('table.status')}
          <select
            value={status.value}
            onChange={(e) => {
              status.value = e.currentTarget.value as InvitationStatus | '';
              void list.load();
            }}
          >
            <option value="">{t('table.anyStatus')}</option>
            {INVITATION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {formatStatus(s)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('invitations.deliveryFilter')}
          <select
            value={problems.value ? 'problem' : ''}
            onChange={(e) => {
              problems.value = e.currentTarget.value === 'problem';
              void list.load();
            }}
          >
            <option value="">{t('invitations.deliveryAny')}</option>
            <option value="problem">{t('invitations.deliveryProblem')}</option>
          </select>
        </label>
      </div>
      <SentNotice sent={done.value} />
      <ErrorNotice error={error.value ?? list.error.value} onRetry={() => void list.load()} />
      {items.length === 0 ? (
        list.loading.value ? (
          <Loading />
        ) : (
          <Empty>{t('invitations.empty')}</Empty>
        )
      ) : (
        <table aria-label={t('dashboard.section.invitations')}>
          <thead>
            <tr>
              <th>{t('invitations.invitee')}</th>
              <th>{t('common.role')}</th>
              <th>{t('invitations.by')}</th>
              <th>{t('table.status')}</th>
              <th>{t('links.expiry')}</th>
              <th>{t('table.invitedBy')}</th>
              <th>
                <span class="sr-only">{t('table.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => {
              const who = i.email ?? i.phone ?? '';
              return (
                <tr key={i.id}>
                  <td>
                    {who}
                    {i.workspaces.length > 0 && (
                      <div class="muted small">{i.workspaces.map((w) => w.name).join(', ')}</div>
                    )}
                  </td>
                  <td>{formatStatus(i.role)}</td>
                  <td>
                    {formatChannel(i.channel, true)}
                    {i.resendCount > 0 && (
                      <div class="muted small">{plural('review.resent', i.resendCount)}</div>
                    )}
                  </td>
                  <td>
                    <span class={`status status-${i.status}`}>{formatStatus(i.status)}</span>
                    <DeliveryNote delivery={i.delivery} />
                  </td>
                  <td class="small">{i.status === 'pending' ? formatExpiry(i.expiresAt) : ''}</td>
                  <td class="small">
                    {i.createdBy.name}
                    <div class="muted">{formatDateTime(i.createdAt)}</div>
                  </td>
                  <td>
                    {i.status === 'pending' && (
                      <div class="row">
                        <button
                          type="button"
                          class="small-button"
                          aria-label={t('invitations.resendTo', [who])}
                          onClick={() => void act(i, 'resend')}
                        >
                          {t('review.resend')}
                        </button>
                        <button
                          type="button"
                          class="small-button danger"
                          aria-label={t('invitations.cancelTo', [who])}
                          onClick={() => void act(i, 'cancel')}
                        >
                          {t('common.cancel')}
                        </button>
                      </div>
                    )}
                  </td>
                </tr>
              );
            })}
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
