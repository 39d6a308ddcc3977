/**
 * Webhooks: signed events to the organization's own systems (Standard Webhooks). Add an endpoint
 * with the events it wants (its signing secret is shown once, with Copy), turn it on or off, make a
 * new secret, send a test event, read its latest deliveries, delete it.
 */
import { useSignal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import {
  MAX_WEBHOOK_ENDPOINTS,
  WEBHOOK_EVENT_TYPES,
  type WebhookEndpointDto,
  type WebhookEventType,
} from '../../../shared/api/webhooks';
import { useApp } from '../../components/app-context';
import { Empty, ErrorNotice, Loading } from '../../components/Status';
import { copyText } from '../../lib/clipboard';
import { callAdmin } from '../../lib/dashboard/admin';
import { formatDateTime } from '../../lib/dashboard/dates';
import { createWebhooks, type WebhooksState } from '../../lib/dashboard/webhooks';
import { t } from '../../lib/i18n';

function AddEndpoint({ state }: { state: WebhooksState }) {
  const url = useSignal('');
  const description = useSignal('');
  const events = useSignal<WebhookEventType[]>([]);
  const toggle = (type: WebhookEventType, on: boolean) => {
    events.value = on ? [...events.value, type] : events.value.filter((e) => e !== type);
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    const ok = await state.create({
      url: url.value.trim(),
      events: events.value,
      description: description.value.trim() || null,
    });
    if (ok) {
      url.value = '';
      description.value = '';
      events.value = [];
    }
  };
  return (
    <form class="stack" onSubmit={submit} aria-label={t('webhooks.add')}>
      <label>
        {t('webhooks.url')}
        <input
          type="url"
          required
          maxLength={2000}
          placeholder="https://"
          value={url.value}
          onInput={(e) => (url.value = e.currentTarget.value)}
        />
      </label>
      <label>
        {t('webhooks.description')}
        <input
          maxLength={200}
          value={description.value}
          onInput={(e) => (description.value = e.currentTarget.value)}
        />
      </label>
      <fieldset>
        <legend>{t('webhooks.events')}</legend>
        {WEBHOOK_EVENT_TYPES.map((type) => (
          <label key={type} class="row">
            <input
              type="checkbox"
              checked={events.value.includes(type)}
              onChange={(e) => toggle(type, e.currentTarget.checked)}
            />
            <code>{type}</code>
          </label>
        ))}
      </fieldset>
      <div class="row">
        <button type="submit" disabled={state.busy.value || events.value.length === 0}>
          {t('webhooks.add')}
        </button>
        <span class="small">{t('webhooks.limit', [String(MAX_WEBHOOK_ENDPOINTS)])}</span>
      </div>
    </form>
  );
}

function SecretOnce({ state }: { state: WebhooksState }) {
  const shown = state.secret.value;
  const copied = useSignal<boolean | null>(null);
  if (!shown) return null;
  return (
    <div class="notice stack" role="status">
      <span>{t('webhooks.secretOnce')}</span>
      <div class="row">
        <input class="grow mono" readOnly value={shown.secret} aria-label={t('webhooks.secret')} />
        <button type="button" onClick={async () => (copied.value = await copyText(shown.secret))}>
          {t('webhooks.copySecret')}
        </button>
        <button type="button" class="link-button" onClick={() => state.dismissSecret()}>
          {t('common.close')}
        </button>
      </div>
      {copied.value !== null && (
        <span class="small">{copied.value ? t('webhooks.copied') : t('webhooks.copyFailed')}</span>
      )}
    </div>
  );
}

function statusOf(e: WebhookEndpointDto): string {
  if (e.enabled)
    return e.failingSince
      ? t('webhooks.failingSince', [formatDateTime(e.failingSince)])
      : t('webhooks.enabled');
  return e.disabledReason === 'failing' ? t('webhooks.disabledFailing') : t('webhooks.disabled');
}

function Deliveries({ state }: { state: WebhooksState }) {
  const log = state.log.value;
  if (!log) return null;
  return log.items.length === 0 ? (
    <Empty>{t('webhooks.noDeliveries')}</Empty>
  ) : (
    <table aria-label={t('webhooks.deliveries')}>
      <thead>
        <tr>
          <th>{t('webhooks.when')}</th>
          <th>{t('webhooks.event')}</th>
          <th>{t('webhooks.attempt')}</th>
          <th>{t('webhooks.status')}</th>
          <th>{t('webhooks.duration')}</th>
          <th>{t('webhooks.error')}</th>
        </tr>
      </thead>
      <tbody>
        {log.items.map((a) => (
          <tr key={a.id}>
            <td class="small">{formatDateTime(a.at)}</td>
            <td>
              <code>{a.type}</code>
            </td>
            <td>{a.attempt}</td>
            <td>{a.statusCode ?? '—'}</td>
            <td>{t('webhooks.durationMs', [String(a.durationMs)])}</td>
            <td class="small">{a.error ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Endpoint({ state, e }: { state: WebhooksState; e: WebhookEndpointDto }) {
  const tested = state.tested.value?.id === e.id ? state.tested.value.result : null;
  const open = state.log.value?.id === e.id;
  return (
    <li class="card stack">
      <div class="row">
        <strong class="mono grow">{e.url}</strong>
        <span class="small">{statusOf(e)}</span>
      </div>
      {e.description && <span>{e.description}</span>}
      <span class="small">{e.events.join(', ')}</span>
      <div class="row">
        <button
          type="button"
          disabled={state.busy.value}
          onClick={() => void state.setEnabled(e.id, !e.enabled)}
        >
          {e.enabled ? t('webhooks.disable') : t('webhooks.enable')}
        </button>
        <button type="button" disabled={state.busy.value} onClick={() => void state.test(e.id)}>
          {t('webhooks.test')}
        </button>
        <button
          type="button"
          disabled={state.busy.value}
          onClick={() => confirm(t('webhooks.rotateQuestion')) && void state.rotate(e.id)}
        >
          {t('webhooks.rotate')}
        </button>
        <button
          type="button"
          aria-expanded={open}
          onClick={() => void (open ? state.hideLog() : state.showLog(e.id))}
        >
          {t('webhooks.deliveries')}
        </button>
        <button
          type="button"
          disabled={state.busy.value}
          onClick={() => confirm(t('webhooks.removeQuestion', [e.url])) && void state.remove(e.id)}
        >
          {t('webhooks.remove')}
        </button>
      </div>
      {tested && (
        <span role="status" class="small">
          {tested.attempt?.ok
            ? t('webhooks.testOk', [String(tested.attempt.statusCode)])
            : t('webhooks.testFailed', [tested.attempt?.error ?? ''])}
        </span>
      )}
      {open && <Deliveries state={state} />}
    </li>
  );
}

export function WebhooksSection() {
  const app = useApp();
  const state = useMemo(
    () =>
      createWebhooks({
        list: () => callAdmin(app, (api, org) => api.webhooks.list(org)),
        create: (body) => callAdmin(app, (api, org) => api.webhooks.create(org, body)),
        setEnabled: (id, enabled) =>
          callAdmin(app, (api, org) => api.webhooks.patch(org, id, { enabled })),
        rotate: (id) => callAdmin(app, (api, org) => api.webhooks.rotateSecret(org, id)),
        test: (id) => callAdmin(app, (api, org) => api.webhooks.test(org, id)),
        deliveries: (id) => callAdmin(app, (api, org) => api.webhooks.deliveries(org, id)),
        remove: (id) => callAdmin(app, (api, org) => api.webhooks.remove(org, id)),
      }),
    [app],
  );
  useEffect(() => void state.load(), [state]);
  const items = state.items.value;
  return (
    <div class="stack">
      <p>{t('webhooks.intro')}</p>
      <ErrorNotice error={state.error.value} />
      <SecretOnce state={state} />
      {items === undefined ? (
        <Loading />
      ) : items.length === 0 ? (
        <Empty>{t('webhooks.empty')}</Empty>
      ) : (
        <ul class="list" aria-label={t('dashboard.section.webhooks')}>
          {items.map((e) => (
            <Endpoint key={e.id} state={state} e={e} />
          ))}
        </ul>
      )}
      <h2>{t('webhooks.add')}</h2>
      <AddEndpoint state={state} />
    </div>
  );
}
