/** Sign-in: server URL (prefilled from the options page), e-mail and password. */
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { ApiError } from '../../shared/client';
import { requestHostPermission } from '../lib/host-permission';
import { hasHostPermission } from '../lib/host-permission-check';
import { normalizeServerUrl } from '../lib/session';
import { useApp } from './app-context';
import { ErrorNotice } from './Status';
import { t } from '../lib/i18n';

export function SignIn() {
  const app = useApp();
  const serverUrl = useSignal(app.preferences.value.serverUrl);
  const email = useSignal(app.signInAs.value ?? app.session.value?.user.email ?? '');
  const password = useSignal('');
  const busy = useSignal(false);
  const error = useSignal<unknown>(null);
  // The host the browser has not let the extension reach yet (signing in asks for it), or null.
  const asked = useSignal<string | null>(null);

  useEffect(() => {
    let live = true;
    let url: string;
    try {
      url = normalizeServerUrl(serverUrl.value);
    } catch {
      asked.value = null;
      return;
    }
    void hasHostPermission(url)
      .catch(() => false)
      .then((granted) => {
        if (live) asked.value = granted ? null : new URL(url).host;
      });
    return () => {
      live = false;
    };
  }, [serverUrl.value]);

  async function submit(event: Event) {
    event.preventDefault();
    error.value = null;
    let url: string;
    try {
      url = normalizeServerUrl(serverUrl.value);
    } catch (e) {
      error.value = e;
      return;
    }
    // Asked straight from the submit (browsers prompt only during a user gesture) and answered
    // before anything is sent. Refused, the request may still pass where the server admits the
    // extension (CORS); where it does not, the error says that the browser, not the server, stood
    // in the way (lib/app-state.ts).
    const permission = requestHostPermission(url);
    busy.value = true;
    try {
      await permission;
      await app.signIn({ serverUrl: url, email: email.value, password: password.value });
    } catch (e) {
      error.value = e;
      // What was typed stays, except a password the server refused.
      if (e instanceof ApiError && e.code === 'invalid_credentials') password.value = '';
    } finally {
      busy.value = false;
    }
  }

  return (
    <form class="stack sign-in" onSubmit={submit} aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">{t('signIn.title')}</h1>
      {app.notice.value && (
        <p class="notice" role="status">
          {app.notice.value}
        </p>
      )}
      <label>
        {t('signIn.serverUrl')}
        <input
          type="url"
          required
          value={serverUrl.value}
          onInput={(e) => (serverUrl.value = e.currentTarget.value)}
          aria-describedby="access-help"
        />
      </label>
      {asked.value && (
        <small id="access-help" class="muted">
          {t('signIn.access', [asked.value])}
        </small>
      )}
      <label>
        {t('signIn.email')}
        <input
          required
          autoComplete="username"
          placeholder={t('signIn.emailPlaceholder')}
          value={email.value}
          onInput={(e) => (email.value = e.currentTarget.value)}
        />
      </label>
      <label>
        {t('signIn.password')}
        <input
          type="password"
          required
          autoComplete="current-password"
          value={password.value}
          onInput={(e) => (password.value = e.currentTarget.value)}
        />
      </label>
      <ErrorNotice error={error.value} />
      <button type="submit" class="primary" disabled={busy.value}>
        {busy.value ? t('signIn.busy') : t('signIn.submit')}
      </button>
    </form>
  );
}
