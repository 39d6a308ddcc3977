/**
 * The users of the organization, one row each, with a checkbox to select them, their invitation
 * state, edit and remove.
 */
import type { DepartmentDto, MemberDto } from '../../../shared/api';
import { useApp } from '../../components/app-context';
import { Empty, Loading } from '../../components/Status';
import { canManage } from '../../lib/dashboard/member-edit';
import type { UsersState } from '../../lib/dashboard/users';
import { formatRelative, formatStatus } from '../../lib/format';
import { DeliveryNote } from './DeliveryNote';
import { t } from '../../lib/i18n';

export function displayName(m: MemberDto): string {
  return (
    m.name || [m.firstName, m.lastName].filter(Boolean).join(' ') || m.email || m.phone || m.userId
  );
}

interface Props {
  users: UsersState;
  departments: DepartmentDto[];
  onEdit: (member: MemberDto) => void;
}

export function UsersTable({ users, departments, onEdit }: Props) {
  const actorRole = useApp().membership.value?.role;
  const departmentName = (id: string | null) => departments.find((d) => d.id === id)?.name;
  const items = users.items.value;
  const errors = users.rowErrors.value;
  if (items.length === 0)
    return users.loading.value ? (
      <Loading />
    ) : (
      !users.error.value && <Empty>{t('users.empty')}</Empty>
    );

  function remove(m: MemberDto) {
    if (confirm(t('users.removeQuestion', [displayName(m)]))) void users.remove(m);
  }

  return (
    <>
      <table aria-label={t('dashboard.section.users')} aria-busy={users.loading.value}>
        <thead>
          <tr>
            <th>
              <input
                type="checkbox"
                aria-label={t('users.selectAll')}
                checked={users.allSelected.value}
                onChange={(e) => users.toggleAll(e.currentTarget.checked)}
              />
            </th>
            <th>{t('table.name')}</th>
            <th>{t('common.email')}</th>
            <th>{t('users.phone')}</th>
            <th>{t('common.role')}</th>
            <th>{t('table.status')}</th>
            <th>{t('users.invitation')}</th>
            <th>{t('users.lastActive')}</th>
            <th>
              <span class="sr-only">{t('table.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((m) => {
            const name = displayName(m);
            const unit = [m.position, departmentName(m.departmentId)].filter(Boolean).join(' · ');
            const error =
              errors.get(m.userId) ?? (m.invitationState === 'error' ? m.invitationError : null);
            return (
              <tr key={m.userId}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={t('users.select', [name])}
                    checked={users.selected.value.has(m.userId)}
                    onChange={(e) => users.toggle(m.userId, e.currentTarget.checked)}
                  />
                </td>
                <td>
                  {name}
                  {unit && <div class="muted small">{unit}</div>}
                </td>
                <td>{m.email}</td>
                <td>{m.phone}</td>
                <td>{formatStatus(m.role)}</td>
                <td>
                  <span class={`status status-${m.status}`}>{formatStatus(m.status)}</span>
                </td>
                <td>
                  <span class={`status status-${m.invitationState}`}>
                    {formatStatus(m.invitationState)}
                  </span>
                  {/* A bounce's reason is the error already: said once, in the delivery note. */}
                  {error && error !== m.delivery?.reason && (
                    <div class="row-error" role="note">
                      {error}
                    </div>
                  )}
                  <DeliveryNote delivery={m.delivery} />
                </td>
                <td class="small">
                  {m.lastActiveAt ? formatRelative(m.lastActiveAt) : t('users.never')}
                </td>
                <td>
                  <div class="row">
                    {canManage(actorRole, m) && (
                      <button
                        type="button"
                        class="small-button"
                        aria-label={t('users.editName', [name])}
                        onClick={() => onEdit(m)}
                      >
                        {t('users.edit')}
                      </button>
                    )}
                    {m.role !== 'owner' && (
                      <button
                        type="button"
                        class="small-button danger"
                        aria-label={t('users.removeName', [name])}
                        onClick={() => remove(m)}
                      >
                        {t('users.remove')}
                      </button>
                    )}
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {users.nextCursor.value && (
        <button type="button" disabled={users.loading.value} onClick={() => void users.load(true)}>
          {t('users.more')}
        </button>
      )}
    </>
  );
}
