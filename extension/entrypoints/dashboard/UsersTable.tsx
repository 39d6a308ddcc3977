/** The users of the organization, one row each, with a checkbox to select them and their invitation state. */
import type { MemberDto } from '../../../shared/api';
import { Empty, Loading } from '../../components/Status';
import type { UsersState } from '../../lib/dashboard/users';
import { formatRelative, formatStatus } from '../../lib/format';

function displayName(m: MemberDto): string {
  return m.name || [m.firstName, m.lastName].filter(Boolean).join(' ') || m.email || m.phone || m.userId;
}

export function UsersTable({ users }: { users: UsersState }) {
  const items = users.items.value;
  const errors = users.rowErrors.value;
  if (items.length === 0) return users.loading.value ? <Loading /> : !users.error.value && <Empty>No users match.</Empty>;

  function remove(m: MemberDto) {
    if (confirm(`Remove ${displayName(m)} from the organization? Their access ends at once.`)) void users.remove(m);
  }

  return (
    <>
      <table aria-label="Users" aria-busy={users.loading.value}>
        <thead>
          <tr>
            <th><input type="checkbox" aria-label="Select all users" checked={users.allSelected.value} onChange={(e) => users.toggleAll(e.currentTarget.checked)} /></th>
            <th>Name</th><th>E-mail</th><th>Phone</th><th>Role</th><th>Status</th><th>Invitation</th><th>Last active</th><th><span class="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {items.map((m) => {
            const name = displayName(m);
            const error = errors.get(m.userId) ?? (m.invitationState === 'error' ? m.invitationError : null);
            return (
              <tr key={m.userId}>
                <td><input type="checkbox" aria-label={`Select ${name}`} checked={users.selected.value.has(m.userId)} onChange={(e) => users.toggle(m.userId, e.currentTarget.checked)} /></td>
                <td>{name}{m.position && <div class="muted small">{m.position}</div>}</td>
                <td>{m.email}</td>
                <td>{m.phone}</td>
                <td>{formatStatus(m.role)}</td>
                <td><span class={`status status-${m.status}`}>{formatStatus(m.status)}</span></td>
                <td>
                  <span class={`status status-${m.invitationState}`}>{formatStatus(m.invitationState)}</span>
                  {error && <div class="row-error" role="note">{error}</div>}
                </td>
                <td class="small">{m.lastActiveAt ? formatRelative(m.lastActiveAt) : 'Never'}</td>
                <td>
                  {m.role !== 'owner' && (
                    <button type="button" class="small-button danger" aria-label={`Remove ${name}`} onClick={() => remove(m)}>Remove</button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {users.nextCursor.value && (
        <button type="button" disabled={users.loading.value} onClick={() => void users.load(true)}>Load more users</button>
      )}
    </>
  );
}
