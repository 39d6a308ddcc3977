/**
 * "Add user": first name, last name, gender, birthday, e-mail and/or phone, department, position,
 * role (docs/DESIGN.md §1).
 */
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { ApiError } from '../../../shared/client';
import type { DepartmentDto } from '../../../shared/api';
import { addMemberRequestSchema, GENDERS } from '../../../shared/api/members';
import { useApp } from '../../components/app-context';
import { Field } from '../../components/Field';
import { ErrorNotice } from '../../components/Status';
import { callAdmin } from '../../lib/dashboard/admin';
import { validate, withoutBlanks, type FieldErrors } from '../../lib/dashboard/validate';
import { formatStatus } from '../../lib/format';
import { t } from '../../lib/i18n';

const EMPTY = {
  firstName: '',
  lastName: '',
  gender: '',
  birthday: '',
  email: '',
  phone: '',
  departmentId: '',
  position: '',
  role: 'member',
};
type Values = typeof EMPTY;

export function AddUserForm({ onAdded }: { onAdded: () => void }) {
  const app = useApp();
  const values = useSignal<Values>(EMPTY);
  const errors = useSignal<FieldErrors>({});
  const error = useSignal<unknown>(null);
  const status = useSignal<string | null>(null);
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
  const set = (key: keyof Values) => (value: string) =>
    (values.value = { ...values.value, [key]: value });

  async function submit(event: Event) {
    event.preventDefault();
    status.value = null;
    error.value = null;
    const checked = validate(addMemberRequestSchema, withoutBlanks(v));
    if ('errors' in checked) {
      errors.value = checked.errors;
      return;
    }
    errors.value = {};
    try {
      await callAdmin(app, (api, orgId) => api.members.add(orgId, checked.data));
      status.value = t('person.added', [`${v.firstName} ${v.lastName}`]);
      values.value = EMPTY;
      onAdded();
    } catch (e) {
      if (e instanceof ApiError) errors.value = e.fields;
      error.value = e;
    }
  }

  const e = errors.value;
  return (
    <form class="card" onSubmit={submit} aria-labelledby="add-user-title" noValidate>
      <h2 id="add-user-title">{t('person.add')}</h2>
      <div class="grid-form">
        <Field
          label={t('person.firstName')}
          name="firstName"
          value={v.firstName}
          error={e.firstName}
          onInput={set('firstName')}
          required
        />
        <Field
          label={t('person.lastName')}
          name="lastName"
          value={v.lastName}
          error={e.lastName}
          onInput={set('lastName')}
          required
        />
        <Field label={t('person.gender')} name="gender" error={e.gender}>
          <select value={v.gender} onChange={(ev) => set('gender')(ev.currentTarget.value)}>
            <option value="">{t('person.notGiven')}</option>
            {GENDERS.map((g) => (
              <option key={g} value={g}>
                {formatStatus(g)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('person.birthday')} name="birthday" error={e.birthday}>
          <input
            type="date"
            value={v.birthday}
            onInput={(ev) => set('birthday')(ev.currentTarget.value)}
          />
        </Field>
        <Field
          label={t('common.email')}
          name="email"
          type="email"
          value={v.email}
          error={e.email}
          onInput={set('email')}
        />
        <Field
          label={t('invite.phone')}
          name="phone"
          type="tel"
          value={v.phone}
          error={e.phone}
          onInput={set('phone')}
        />
        <Field label={t('common.department')} name="departmentId" error={e.departmentId}>
          <select
            value={v.departmentId}
            onChange={(ev) => set('departmentId')(ev.currentTarget.value)}
          >
            <option value="">{t('common.noDepartment')}</option>
            {departments.value.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </Field>
        <Field
          label={t('person.position')}
          name="position"
          value={v.position}
          error={e.position}
          onInput={set('position')}
        />
        <Field label={t('common.role')} name="role" error={e.role}>
          <select value={v.role} onChange={(ev) => set('role')(ev.currentTarget.value)}>
            <option value="member">{t('word.member')}</option>
            <option value="admin">{t('word.admin')}</option>
            {app.membership.value?.role === 'owner' && (
              <option value="owner">{t('word.owner')}</option>
            )}
          </select>
        </Field>
      </div>
      <ErrorNotice error={error.value} />
      <div class="row">
        <button type="submit" class="primary">
          {t('person.add')}
        </button>
        {status.value && <span role="status">{status.value}</span>}
      </div>
    </form>
  );
}
