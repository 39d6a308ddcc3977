/** Users: search and filters, the table with selection, "Send invitation" to the selected, and the add-user form. */
import { useEffect, useMemo } from 'preact/hooks';
import { INVITATION_STATES, MEMBER_STATUSES } from '../../../shared/api/members';
import { useApp } from '../../components/app-context';
import { ErrorNotice } from '../../components/Status';
import { createUsersState } from '../../lib/dashboard/users';
import { formatStatus } from '../../lib/format';
import { AddUserForm } from './AddUserForm';
import { BulkInvite } from './BulkInvite';
import { UsersTable } from './UsersTable';

export function UsersSection() {
  const app = useApp();
  const users = useMemo(() => createUsersState(app), [app]);
  useEffect(() => void users.load(), [users]);
  const filters = users.filters.value;

  return (
    <>
      <div class="toolbar">
        <label>
          Search users
          <input type="search" value={filters.q} placeholder="Name, e-mail or phone" onInput={(e) => users.setFilters({ q: e.currentTarget.value })} />
        </label>
        <label>
          Status
          <select value={filters.status} onChange={(e) => users.setFilters({ status: e.currentTarget.value as typeof filters.status })}>
            <option value="">Any status</option>
            {MEMBER_STATUSES.map((s) => <option key={s} value={s}>{formatStatus(s)}</option>)}
          </select>
        </label>
        <label>
          Invitation
          <select value={filters.invitation} onChange={(e) => users.setFilters({ invitation: e.currentTarget.value as typeof filters.invitation })}>
            <option value="">Any invitation state</option>
            {INVITATION_STATES.map((s) => <option key={s} value={s}>{formatStatus(s)}</option>)}
          </select>
        </label>
      </div>
      <BulkInvite users={users} />
      <ErrorNotice error={users.error.value} onRetry={() => void users.load()} />
      <UsersTable users={users} />
      <AddUserForm onAdded={() => void users.load()} />
    </>
  );
}
