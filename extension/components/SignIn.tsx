/** Sign-in: server URL (prefilled from the options page), e-mail and password. */
import { useSignal } from '@preact/signals';
import { requestHostPermission } from '../lib/host-permission';
import { normalizeServerUrl } from '../lib/session';
import { useApp } from './app-context';
import { ErrorNotice } from './Status';

export function SignIn() {
  const app = useApp();
  const serverUrl = useSignal(app.preferences.value.serverUrl);
  const email = useSignal(app.signInAs.value ?? app.session.value?.user.email ?? '');
  const password = useSignal('');
  const busy = useSignal(false);
  const error = useSignal<unknown>(null);

  function submit(event: Event) {
    event.preventDefault();
    error.value = null;
    let url: string;
    try {
      url = normalizeServerUrl(serverUrl.value);
    } catch (e) {
      error.value = e;
      return;
    }
    // Asked before any await (browsers prompt only during the click), and not waited for: the server's CORS list
    // already admits this extension in Chromium; the permission matters where it cannot (Firefox).
    void requestHostPermission(url);
    busy.value = true;
    void app
      .signIn({ serverUrl: url, email: email.value, password: password.value })
      .catch((e: unknown) => {
        error.value = e;
      })
      .finally(() => {
        busy.value = false;
        password.value = '';
      });
  }

  return (
    <form class="stack sign-in" onSubmit={submit} aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">Sign in to Invitations</h1>
      {app.notice.value && (
        <p class="notice" role="status">
          {app.notice.value}
        </p>
      )}
      <label>
        Server URL
        <input type="url" required value={serverUrl.value} onInput={(e) => (serverUrl.value = e.currentTarget.value)} />
      </label>
      <label>
        Email
        <input
          required
          autoComplete="username"
          placeholder="or phone, if you have no e-mail"
          value={email.value}
          onInput={(e) => (email.value = e.currentTarget.value)}
        />
      </label>
      <label>
        Password
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
        {busy.value ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
