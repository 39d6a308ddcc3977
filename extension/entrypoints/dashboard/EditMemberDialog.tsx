/**
 * "Edit user": role, department and profile of one member, in a dialog. Only changed fields are
 * sent; each field shows its own error, and a refusal (an admin changing an owner) is shown as a
 * sentence.
 */
import { useMemo } from 'preact/hooks';
import type { DepartmentDto, MemberDto, Role } from '../../../shared/api';
import { GENDERS } from '../../../shared/api/members';
import { useApp } from '../../components/app-context';
import { Field } from '../../components/Field';
import { ErrorNotice } from '../../components/Status';
import { createMemberEdit, roleChoices, type MemberForm } from '../../lib/dashboard/member-edit';
import { formatStatus } from '../../lib/format';
import { Dialog } from './Dialog';
import { t } from '../../lib/i18n';

interface Props {
  member: MemberDto;
  name: string;
  departments: DepartmentDto[];
  onSaved: (member: MemberDto) => void;
  onClose: () => void;
}

export function EditMemberDialog({ member, name, departments, onSaved, onClose }: Props) {
  const app = useApp();
  const edit = useMemo(() => createMemberEdit(app, member), [app, member]);
  const v = edit.values.value;
  const e = edit.errors.value;
  const set = (key: keyof MemberForm) => (value: string) => edit.set({ [key]: value });
  /** Ties a select or date input to its error, as Field does for its own text inputs. */
  const described = (key: keyof MemberForm, note?: string) => ({
    'aria-invalid': e[key] ? true : undefined,
    'aria-describedby': e[key] ? `edit-${key}-error` : note,
  });
  const roles = roleChoices(app.membership.value?.role);
  // Someone with an account keeps their own phone number; the server refuses a change here.
  const ownPhone = member.registeredAt !== null;

  async function submit(event: Event) {
    event.preventDefault();
    const saved = await edit.save();
    if (saved) {
      onSaved(saved);
      onClose();
    }
  }

  return (
    <Dialog id="edit-member" title={t('users.editName', [name])} onClose={onClose}>
      <form class="stack" onSubmit={submit} aria-label={t('users.editName', [name])} noValidate>
        {member.email && <p class="muted small">{member.email}</p>}
        <div class="grid-form">
          <Field label={t('person.firstName')} name="edit-firstName" error={e.firstName}>
            <input
              value={v.firstName}
              autoFocus
              {...described('firstName')}
              onInput={(ev) => set('firstName')(ev.currentTarget.value)}
            />
          </Field>
          <Field
            label={t('person.lastName')}
            name="edit-lastName"
            value={v.lastName}
            error={e.lastName}
            onInput={set('lastName')}
          />
          <Field label={t('common.role')} name="edit-role" error={e.role}>
            <select
              value={v.role}
              {...described('role')}
              onChange={(ev) => edit.set({ role: ev.currentTarget.value as Role })}
            >
              {/* An owner shown to an admin keeps the option, so the form shows what the member is. */}
              {[...new Set([...roles, v.role])].map((r) => (
                <option key={r} value={r}>
                  {formatStatus(r)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('common.department')} name="edit-departmentId" error={e.departmentId}>
            <select
              value={v.departmentId}
              {...described('departmentId')}
              onChange={(ev) => set('departmentId')(ev.currentTarget.value)}
            >
              <option value="">{t('common.noDepartment')}</option>
              {departments.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
          </Field>
          <Field
            label={t('person.position')}
            name="edit-position"
            value={v.position}
            error={e.position}
            onInput={set('position')}
          />
          <Field label={t('person.gender')} name="edit-gender" error={e.gender}>
            <select
              value={v.gender}
              {...described('gender')}
              onChange={(ev) => set('gender')(ev.currentTarget.value)}
            >
              <option value="">{t('person.notGiven')}</option>
              {GENDERS.map((g) => (
                <option key={g} value={g}>
                  {formatStatus(g)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('person.birthday')} name="edit-birthday" error={e.birthday}>
            <input
              type="date"
              value={v.birthday}
              {...described('birthday')}
              onInput={(ev) => set('birthday')(ev.currentTarget.value)}
            />
          </Field>
          <Field label={t('invite.phone')} name="edit-phone" error={e.phone}>
            <input
              type="tel"
              value={v.phone}
              disabled={ownPhone}
              {...described('phone', ownPhone ? 'edit-phone-note' : undefined)}
              onInput={(ev) => set('phone')(ev.currentTarget.value)}
            />
          </Field>
        </div>
        {ownPhone && (
          <p id="edit-phone-note" class="muted small">
            {t('person.ownPhone', [name])}
          </p>
        )}
        <ErrorNotice error={edit.error.value} />
        <div class="row">
          <button type="submit" class="primary" disabled={edit.saving.value}>
            {edit.saving.value ? t('person.saving') : t('person.save')}
          </button>
          <button type="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
