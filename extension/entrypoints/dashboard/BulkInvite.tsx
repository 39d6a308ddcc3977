/** "Send invitation" to every selected user by e-mail or SMS, and what happened to each. */
import { useSignal } from '@preact/signals';
import type { UsersState } from '../../lib/dashboard/users';
import { plural } from '../../lib/format';

export function BulkInvite({ users }: { users: UsersState }) {
  const channel = useSignal<'email' | 'sms'>('email');
  const count = users.selected.value.size;
  const result = users.inviteResult.value;

  return (
    <section class="card" aria-label="Send invitations">
      <div class="row">
        <span class="grow">
          {count === 0
            ? 'Select users in the table to invite them.'
            : `${plural(count, 'user')} selected.`}
        </span>
        <label class="check">
          Send by
          <select
            value={channel.value}
            onChange={(e) => (channel.value = e.currentTarget.value === 'sms' ? 'sms' : 'email')}
          >
            <option value="email">E-mail</option>
            <option value="sms">SMS</option>
          </select>
        </label>
        <button
          type="button"
          class="primary"
          disabled={count === 0 || users.sending.value}
          onClick={() => void users.invite(channel.value)}
        >
          {users.sending.value ? 'Sending…' : 'Send invitation'}
        </button>
      </div>
      {result && (
        <p role="status" class="small">
          {plural(result.queued, 'invitation')} queued.
          {result.errors.length > 0 &&
            ` ${plural(result.errors.length, 'user')} could not be invited: see the table.`}
        </p>
      )}
    </section>
  );
}
