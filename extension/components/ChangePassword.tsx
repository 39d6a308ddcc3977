/**
 * Shown when the account must choose a new password before anything else (an initial password was
 * used).
 */
import { useSignal } from '@preact/signals';
import { useApp } from './app-context';
import { ErrorNotice } from './Status';

export function ChangePassword() {
  const app = useApp();
  const current = useSignal('');
  const next = useSignal('');
  const busy = useSignal(false);
  const error = useSignal<unknown>(null);

  async function submit(event: Event) {
    event.preventDefault();
    busy.value = true;
    error.value = null;
    try {
      await app.changePassword(current.value, next.value);
    } catch (e) {
      error.value = e;
    } finally {
      busy.value = false;
    }
  }

  return (
    <form class="stack" onSubmit={submit} aria-labelledby="change-password-title">
      <h1 id="change-password-title">Choose a new password</h1>
      <p class="muted">Choose your own password (at least 10 characters) to continue.</p>
      <label>
        Current password
        <input
          type="password"
          required
          autoComplete="current-password"
          value={current.value}
          onInput={(e) => (current.value = e.currentTarget.value)}
        />
      </label>
      <label>
        New password
        <input
          type="password"
          required
          minLength={10}
          autoComplete="new-password"
          value={next.value}
          onInput={(e) => (next.value = e.currentTarget.value)}
        />
      </label>
      <ErrorNotice error={error.value} />
      <div class="row">
        <button type="submit" class="primary" disabled={busy.value}>
          Change password
        </button>
        <button type="button" onClick={() => void app.signOut()}>
          Sign out
        </button>
      </div>
    </form>
  );
}
