/**
 * "Invite someone": a personal invitation by e-mail, SMS, or as a unique link to copy, with role
 * and department.
 */
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { Channel, DepartmentDto, Role } from '../../../shared/api';
import type { Locale } from '../../../shared/locales';
import { createInvitationRequestSchema } from '../../../shared/api/invitations';
import { ApiError } from '../../../shared/client';
import { useApp } from '../../components/app-context';
import { Field } from '../../components/Field';
import { ErrorNotice } from '../../components/Status';
import { callAdmin } from '../../lib/dashboard/admin';
import { validate, withoutBlanks, type FieldErrors } from '../../lib/dashboard/validate';
import { t } from '../../lib/i18n';
import { LocaleSelect } from './LocaleSelect';
import { sentNotice, SentNotice, type Sent } from './SentNotice';

const EMPTY = {
  channel: 'email' as Channel,
  email: '',
  phone: '',
  role: 'member' as Role,
  departmentId: '',
  locale: '' as Locale | '',
};

export function InviteForm({ onSent }: { onSent: () => void }) {
  const app = useApp();
  const values = useSignal(EMPTY);
  const errors = useSignal<FieldErrors>({});
  const error = useSignal<unknown>(null);
  const sent = useSignal<Sent | null>(null);
  const departments = useSignal<DepartmentDto[]>([]);
  useEffect(() => {
    app
      .call((api, orgId) => api.departments.list(orgId))
      .then(
        (r) => (departments.value = r.items),
        () => undefined,
      );
  }, [app]);

  const v = values.value;
  const set = (patch: Partial<typeof EMPTY>) => (values.value = { ...values.value, ...patch });

  async function submit(event: Event) {
    event.preventDefault();
    error.value = null;
    sent.value = null;
    const request = withoutBlanks({
      ...v,
      phone: v.channel === 'sms' ? v.phone : '',
      departmentId: v.departmentId,
    });
    const checked = validate(createInvitationRequestSchema, request);
    if ('errors' in checked) {
      errors.value = checked.errors;
      return;
    }
    errors.value = {};
    try {
      const result = await callAdmin(app, (api, orgId) =>
        api.invitations.create(orgId, checked.data),
      );
      sent.value = sentNotice(result.invitation, result.url);
      values.value = { ...EMPTY, channel: v.channel, locale: v.locale };
      onSent();
    } catch (e) {
      if (e instanceof ApiError) errors.value = e.fields;
      error.value = e;
    }
  }

  const e = errors.value;
  return (
    <form class="card" onSubmit={submit} aria-labelledby="invite-title" noValidate>
      <h2 id="invite-title">{t('invite.title')}</h2>
      <div class="grid-form">
        <Field label={t('common.sendBy')} name="channel" error={e.channel}>
          <select
            value={v.channel}
            onChange={(ev) => set({ channel: ev.currentTarget.value as Channel })}
          >
            <option value="email">{t('common.email')}</option>
            <option value="sms">{t('common.sms')}</option>
            <option value="link">{t('invite.linkChannel')}</option>
          </select>
        </Field>
        <Field
          label={t('common.email')}
          name="email"
          type="email"
          value={v.email}
          error={e.email}
          onInput={(email) => set({ email })}
        />
        {v.channel === 'sms' && (
          <Field
            label={t('invite.phone')}
            name="phone"
            type="tel"
            value={v.phone}
            error={e.phone}
            onInput={(phone) => set({ phone })}
          />
        )}
        <Field label={t('common.role')} name="role" error={e.role}>
          <select value={v.role} onChange={(ev) => set({ role: ev.currentTarget.value as Role })}>
            <option value="member">{t('word.member')}</option>
            <option value="admin">{t('word.admin')}</option>
            {app.membership.value?.role === 'owner' && (
              <option value="owner">{t('word.owner')}</option>
            )}
          </select>
        </Field>
        <Field label={t('common.department')} name="departmentId" error={e.departmentId}>
          <select
            value={v.departmentId}
            onChange={(ev) => set({ departmentId: ev.currentTarget.value })}
          >
            <option value="">{t('common.noDepartment')}</option>
            {departments.value.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </Field>
        <LocaleSelect value={v.locale} onChange={(locale) => set({ locale })} />
      </div>
      <ErrorNotice error={error.value} />
      <div class="row">
        <button type="submit" class="primary">
          {v.channel === 'link' ? t('invite.createLink') : t('invite.send')}
        </button>
      </div>
      <SentNotice sent={sent.value} />
    </form>
  );
}
