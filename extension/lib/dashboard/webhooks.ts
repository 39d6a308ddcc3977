/**
 * The dashboard's webhook endpoints (owners and admins): the list, adding one (its signing secret
 * kept here only until the page shows it once), turning one on or off, a new secret, a test event,
 * an endpoint's latest deliveries, deleting. Calls go through `callAdmin`'s API.
 */
import { signal } from '@preact/signals';
import type {
  CreateWebhookRequest,
  WebhookAttemptDto,
  WebhookEndpointDto,
  WebhookTestDto,
} from '../../../shared/api/webhooks';

export interface WebhooksApi {
  list(): Promise<{ items: WebhookEndpointDto[] }>;
  create(body: CreateWebhookRequest): Promise<WebhookEndpointDto & { secret: string }>;
  setEnabled(id: string, enabled: boolean): Promise<WebhookEndpointDto>;
  rotate(id: string): Promise<WebhookEndpointDto & { secret: string }>;
  test(id: string): Promise<WebhookTestDto>;
  deliveries(id: string): Promise<{ items: WebhookAttemptDto[] }>;
  remove(id: string): Promise<unknown>;
}

export type WebhooksState = ReturnType<typeof createWebhooks>;

export function createWebhooks(api: WebhooksApi) {
  const items = signal<WebhookEndpointDto[] | undefined>(undefined);
  const error = signal<unknown>(null);
  /** The secret just made, shown once with a Copy button. */
  const secret = signal<{ id: string; secret: string } | null>(null);
  /** The last test event's outcome, by endpoint. */
  const tested = signal<{ id: string; result: WebhookTestDto } | null>(null);
  /** The endpoint whose deliveries are open, and its attempts. */
  const log = signal<{ id: string; items: WebhookAttemptDto[] } | null>(null);
  const busy = signal(false);

  async function run(action: () => Promise<void>): Promise<boolean> {
    error.value = null;
    busy.value = true;
    try {
      await action();
      return true;
    } catch (e) {
      error.value = e;
      return false;
    } finally {
      busy.value = false;
    }
  }

  const replace = (updated: WebhookEndpointDto) => {
    items.value = (items.value ?? []).map((e) => (e.id === updated.id ? updated : e));
  };

  const showLog = (id: string) =>
    run(async () => {
      log.value = { id, items: (await api.deliveries(id)).items };
    });

  return {
    items,
    error,
    secret,
    tested,
    log,
    busy,
    load: () =>
      run(async () => {
        items.value = (await api.list()).items;
      }),
    create: (body: CreateWebhookRequest) =>
      run(async () => {
        const { secret: made, ...endpoint } = await api.create(body);
        items.value = [...(items.value ?? []), endpoint];
        secret.value = { id: endpoint.id, secret: made };
      }),
    setEnabled: (id: string, enabled: boolean) =>
      run(async () => replace(await api.setEnabled(id, enabled))),
    rotate: (id: string) =>
      run(async () => {
        const { secret: made, ...endpoint } = await api.rotate(id);
        replace(endpoint);
        secret.value = { id, secret: made };
      }),
    test: (id: string) =>
      run(async () => {
        tested.value = { id, result: await api.test(id) };
        if (log.value?.id === id) log.value = { id, items: (await api.deliveries(id)).items };
      }),
    showLog,
    hideLog: () => {
      log.value = null;
    },
    dismissSecret: () => {
      secret.value = null;
    },
    remove: (id: string) =>
      run(async () => {
        await api.remove(id);
        items.value = (items.value ?? []).filter((e) => e.id !== id);
        if (log.value?.id === id) log.value = null;
        if (secret.value?.id === id) secret.value = null;
      }),
  };
}
