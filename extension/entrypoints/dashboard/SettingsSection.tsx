/**
 * Organization settings. Owner-only settings are shown but locked for admins. Only changed settings
 * are sent. The message quota is the server operator's to set (docs/SECURITY.md), so it is shown,
 * not edited.
 */
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { ApiError } from '../../../shared/client';
import {
  OWNER_ONLY_SETTINGS,
  patchSettingsRequestSchema,
  type OrgQuota,
  type OrgSettings,
} from '../../../shared/api/orgs';
import { useApp } from '../../components/app-context';
import { ErrorNotice, Loading } from '../../components/Status';
import { callAdmin } from '../../lib/dashboard/admin';
import { validate, type FieldErrors } from '../../lib/dashboard/validate';
import { t } from '../../lib/i18n';
import { BrandingFields } from './BrandingFields';
import { SettingsFields } from './SettingsFields';

function changes(before: OrgSettings, after: OrgSettings): Partial<OrgSettings> {
  return Object.fromEntries(
    (Object.keys(after) as (keyof OrgSettings)[])
      .filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]))
      .map((key) => [key, after[key]]),
  );
}

export function SettingsSection() {
  const app = useApp();
  const saved = useSignal<OrgSettings | null>(null);
  const draft = useSignal<OrgSettings | null>(null);
  const errors = useSignal<FieldErrors>({});
  const error = useSignal<unknown>(null);
  const status = useSignal<string | null>(null);
  const quota = useSignal<OrgQuota | null>(null);
  const uploadedLogoUrl = useSignal<string | null>(null);
  const isOwner = app.membership.value?.role === 'owner';

  async function load() {
    error.value = null;
    try {
      const org = await app.call((api, orgId) => api.orgs.get(orgId));
      saved.value = org.settings ?? null;
      draft.value = org.settings ?? null;
      quota.value = org.quota ?? null;
      uploadedLogoUrl.value = org.uploadedLogoUrl ?? null;
    } catch (e) {
      error.value = e;
    }
  }
  useEffect(() => void load(), [app]);

  if (!draft.value || !saved.value)
    return error.value ? (
      <ErrorNotice error={error.value} onRetry={() => void load()} />
    ) : (
      <Loading />
    );

  async function submit(event: Event) {
    event.preventDefault();
    status.value = null;
    error.value = null;
    const patch = changes(saved.value!, draft.value!);
    if (Object.keys(patch).length === 0) {
      status.value = t('settings.nothingChanged');
      return;
    }
    const checked = validate(patchSettingsRequestSchema, patch);
    if ('errors' in checked) {
      errors.value = checked.errors;
      return;
    }
    errors.value = {};
    try {
      await callAdmin(app, (api, orgId) => api.orgs.patchSettings(orgId, checked.data));
      // The answer is the organization (shared/api/routes.ts); what was sent is what is saved.
      const next = draft.value!;
      saved.value = next;
      draft.value = next;
      status.value = t('settings.saved');
    } catch (e) {
      if (e instanceof ApiError) errors.value = e.fields;
      error.value = e;
    }
  }

  return (
    <form class="card" onSubmit={submit} aria-label={t('settings.label')} noValidate>
      <SettingsFields
        value={draft.value}
        errors={errors.value}
        locked={isOwner ? [] : OWNER_ONLY_SETTINGS}
        onChange={(patch) => (draft.value = { ...draft.value!, ...patch })}
      />
      <BrandingFields
        value={draft.value}
        errors={errors.value}
        uploadedLogoUrl={uploadedLogoUrl.value}
        onChange={(patch) => (draft.value = { ...draft.value!, ...patch })}
        onUploaded={(url) => (uploadedLogoUrl.value = url)}
      />
      {quota.value && (
        <p class="muted" data-testid="quota">
          {t('settings.quota', {
            hourSent: quota.value.sentLastHour,
            hourMax: quota.value.messagesPerHour,
            daySent: quota.value.sentLastDay,
            dayMax: quota.value.messagesPerDay,
          })}
        </p>
      )}
      <ErrorNotice error={error.value} />
      <div class="row">
        <button type="submit" class="primary">
          {t('settings.save')}
        </button>
        {status.value && <span role="status">{status.value}</span>}
      </div>
    </form>
  );
}
