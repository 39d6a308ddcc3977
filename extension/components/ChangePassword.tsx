/**
 * Shown when the account must choose a new password before anything else (an initial password was
 * used).
 */
import { useSignal } from '@preact/signals';
import { useApp } from './app-context';
import { ErrorNotice } from './Status';
import { t } from '../lib/i18n';

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
      <h1 id="change-password-title">{t('password.title')}</h1>
      <p class="muted">{t('password.hint')}</p>
      <label>
        {t('password.current')}
        <input
          type="password"
          required
          autoComplete="current-password"
          value={current.value}
          onInput={(e) => (current.value = e.currentTarget.value)}
        />
      </label>
      <label>
        {t('password.new')}
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
          {t('password.submit')}
        </button>
        <button type="button" onClick={() => void app.signOut()}>
          {t('common.signOut')}
        </button>
      </div>
    </form>
  );
}
