/**
 * Users: search and filters, CSV export, the table with selection and an edit dialog per user,
 * "Send invitation" to the selected, and the add-user form.
 */
import { useSignal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import type { MemberDto } from '../../../shared/api';
import { INVITATION_STATES, MEMBER_STATUSES } from '../../../shared/api/members';
import { useApp } from '../../components/app-context';
import { ErrorNotice } from '../../components/Status';
import { createUsersState, type UserFilters } from '../../lib/dashboard/users';
import { formatStatus } from '../../lib/format';
import { AddUserForm } from './AddUserForm';
import { BulkInvite } from './BulkInvite';
import { EditMemberDialog } from './EditMemberDialog';
import { ExportUsers } from './ExportUsers';
import { useDepartments } from './use-departments';
import { displayName, UsersTable } from './UsersTable';
import { t } from '../../lib/i18n';

const DATE_FILTERS = [
  'registeredFrom',
  'registeredTo',
  'activeFrom',
  'activeTo',
] as const satisfies (keyof UserFilters)[];

export function UsersSection() {
  const app = useApp();
  const users = useMemo(() => createUsersState(app), [app]);
  useEffect(() => void users.load(), [users]);
  const departments = useDepartments(app);
  const editing = useSignal<MemberDto | null>(null);
  const filters = users.filters.value;

  return (
    <>
      <div class="toolbar">
        <label>
          {t('users.search')}
          <input
            type="search"
            value={filters.q}
            placeholder={t('users.searchPlaceholder')}
            onInput={(e) => users.setFilters({ q: e.currentTarget.value })}
          />
        </label>
        <label>
          {t('table.status')}
          <select
            value={filters.status}
            onChange={(e) =>
              users.setFilters({ status: e.currentTarget.value as typeof filters.status })
            }
          >
            <option value="">{t('table.anyStatus')}</option>
            {MEMBER_STATUSES.map((s) => (
              <option key={s} value={s}>
                {formatStatus(s)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('users.invitation')}
          <select
            value={filters.invitation}
            onChange={(e) =>
              users.setFilters({ invitation: e.currentTarget.value as typeof filters.invitation })
            }
          >
            <option value="">{t('users.anyInvitation')}</option>
            {INVITATION_STATES.map((s) => (
              <option key={s} value={s}>
                {formatStatus(s)}
              </option>
            ))}
          </select>
        </label>
        {DATE_FILTERS.map((key) => (
          <label key={key}>
            {t(`users.${key}`)}
            <input
              type="date"
              value={filters[key]}
              onChange={(e) => users.setFilters({ [key]: e.currentTarget.value })}
            />
          </label>
        ))}
      </div>
      <ExportUsers />
      <BulkInvite users={users} />
      <ErrorNotice error={users.error.value} onRetry={() => void users.load()} />
      <UsersTable
        users={users}
        departments={departments.value}
        onEdit={(m) => (editing.value = m)}
      />
      {editing.value && (
        <EditMemberDialog
          member={editing.value}
          name={displayName(editing.value)}
          departments={departments.value}
          onSaved={users.replace}
          onClose={() => (editing.value = null)}
        />
      )}
      <AddUserForm onAdded={() => void users.load()} />
    </>
  );
}
