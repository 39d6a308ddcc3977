/**
 * API keys for the organization's servers: create one (name, role, expiry; the key is shown once,
 * with Copy), see them (never their secrets), revoke them.
 */
import { useSignal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import type { ApiKeyRole } from '../../../shared/api/api-keys';
import { useApp } from '../../components/app-context';
import { Field } from '../../components/Field';
import { Empty, ErrorNotice, Loading } from '../../components/Status';
import { createApiKeysState, keyStatus } from '../../lib/dashboard/api-keys';
import { formatDateTime } from '../../lib/dashboard/dates';
import { copyText } from '../../lib/clipboard';
import { formatExpiry, formatStatus } from '../../lib/format';
import { plural, t } from '../../lib/i18n';

const EXPIRY_DAYS = [30, 90, 365] as const;

export function ApiKeysSection() {
  const app = useApp();
  const keys = useMemo(() => createApiKeysState(app), [app]);
  useEffect(() => void keys.load(), [keys]);
  const name = useSignal('');
  const role = useSignal<ApiKeyRole>('member');
  const days = useSignal('90');
  const items = keys.list.items.value;
  const created = keys.created.value;

  const submit = async (e: Event) => {
    e.preventDefault();
    const expiresInDays = days.value ? Number(days.value) : undefined;
    const ok = await keys.create({
      name: name.value,
      role: role.value,
      ...(expiresInDays ? { expiresInDays } : {}),
    });
    if (ok) name.value = '';
  };

  return (
    <>
      <p class="small">{t('apiKeys.intro')}</p>
      <form class="stack" onSubmit={submit} aria-label={t('apiKeys.create')}>
        <div class="row">
          <Field
            label={t('apiKeys.name')}
            name="apiKeyName"
            value={name.value}
            required
            onInput={(v) => (name.value = v)}
          />
          <Field label={t('common.role')} name="apiKeyRole">
            <select
              value={role.value}
              onChange={(ev) => (role.value = ev.currentTarget.value as ApiKeyRole)}
            >
              <option value="member">{t('word.member')}</option>
              <option value="admin">{t('word.admin')}</option>
            </select>
          </Field>
          <Field label={t('apiKeys.expiry')} name="apiKeyExpiry">
            <select value={days.value} onChange={(ev) => (days.value = ev.currentTarget.value)}>
              {EXPIRY_DAYS.map((n) => (
                <option key={n} value={String(n)}>
                  {plural('format.days', n)}
                </option>
              ))}
              <option value="">{t('format.neverExpires')}</option>
            </select>
          </Field>
        </div>
        <div class="row">
          <button type="submit" class="primary" disabled={keys.busy.value}>
            {t('apiKeys.create')}
          </button>
        </div>
      </form>
      {created && (
        <div class="row" role="status">
          <span>{t('apiKeys.shownOnce', [created.name])}</span>
          <input
            class="grow mono"
            readOnly
            value={created.key}
            aria-label={t('apiKeys.newKey')}
            onFocus={(e) => e.currentTarget.select()}
          />
          <button type="button" onClick={() => void copyText(created.key)}>
            {t('apiKeys.copy')}
          </button>
        </div>
      )}
      <ErrorNotice error={keys.error.value ?? keys.list.error.value} />
      {items.length === 0 ? (
        keys.list.loading.value ? (
          <Loading />
        ) : (
          <Empty>{t('apiKeys.empty')}</Empty>
        )
      ) : (
        <table aria-label={t('dashboard.section.apiKeys')}>
          <thead>
            <tr>
              <th>{t('apiKeys.name')}</th>
              <th>{t('common.role')}</th>
              <th>{t('apiKeys.key')}</th>
              <th>{t('links.createdBy')}</th>
              <th>{t('links.expiry')}</th>
              <th>{t('apiKeys.lastUsed')}</th>
              <th>{t('apiKeys.status')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {items.map((k) => {
              const status = keyStatus(k);
              return (
                <tr key={k.id}>
                  <td>{k.name}</td>
                  <td>{formatStatus(k.role)}</td>
                  <td class="small mono">{k.hint}</td>
                  <td class="small">
                    {k.createdBy.name} · {formatDateTime(k.createdAt)}
                  </td>
                  <td class="small">{status === 'revoked' ? '' : formatExpiry(k.expiresAt)}</td>
                  <td class="small">
                    {k.lastUsedAt ? formatDateTime(k.lastUsedAt) : t('apiKeys.neverUsed')}
                  </td>
                  <td>{formatStatus(status)}</td>
                  <td>
                    {status === 'active' && (
                      <button
                        type="button"
                        aria-label={t('apiKeys.revokeThe', [k.name])}
                        onClick={() =>
                          confirm(t('apiKeys.revokeQuestion', [k.name])) && void keys.revoke(k.id)
                        }
                      >
                        {t('apiKeys.revoke')}
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {keys.list.nextCursor.value && (
        <button
          type="button"
          disabled={keys.list.loading.value}
          onClick={() => void keys.list.load(true)}
        >
          {t('apiKeys.more')}
        </button>
      )}
    </>
  );
}
