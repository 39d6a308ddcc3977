/**
 * Options: the server URL and the defaults of new links. Saving asks for access to that one server
 * (an optional host permission), never to every site.
 */
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { ErrorNotice, Loading } from '../../components/Status';
import { requestHostPermission } from '../../lib/host-permission';
import { hasHostPermission } from '../../lib/host-permission-check';
import { decodeChoice, encodeChoice, usageChoices, validityChoices } from '../../lib/link-options';
import { normalizeServerUrl } from '../../lib/session';
import {
  DEFAULT_PREFERENCES,
  type Preferences,
  type preferencesItem,
  type sessionItem,
} from '../../lib/storage';
import { t } from '../../lib/i18n';

export function Options({
  store,
  session,
}: {
  store: typeof preferencesItem;
  session: typeof sessionItem;
}) {
  const prefs = useSignal<Preferences | null>(null);
  const access = useSignal<boolean | null>(null);
  const status = useSignal<string | null>(null);
  const error = useSignal<unknown>(null);

  useEffect(() => {
    void store.getValue().then((stored) => {
      prefs.value = { ...DEFAULT_PREFERENCES, ...stored };
    });
  }, [store]);

  // Whether the browser lets the extension reach the server typed, as it is typed: the help below
  // says before saving whether saving will ask.
  const typedUrl = prefs.value?.serverUrl;
  useEffect(() => {
    if (typedUrl === undefined) return;
    let live = true;
    let url: string;
    try {
      url = normalizeServerUrl(typedUrl);
    } catch {
      access.value = null;
      return;
    }
    void hasHostPermission(url)
      .catch(() => false)
      .then((granted) => {
        if (live) access.value = granted;
      });
    return () => {
      live = false;
    };
  }, [typedUrl]);

  const current = prefs.value;
  if (!current) return <Loading />;
  const update = (patch: Partial<Preferences>) => {
    prefs.value = { ...current, ...patch };
    status.value = null;
  };

  function submit(event: Event) {
    event.preventDefault();
    error.value = null;
    let serverUrl: string;
    try {
      serverUrl = normalizeServerUrl(current!.serverUrl);
    } catch (e) {
      error.value = e;
      return;
    }
    // Asked straight from the click: browsers prompt only during a user gesture.
    const permission = requestHostPermission(serverUrl);
    void permission.then(async (granted) => {
      access.value = granted;
      await store.setValue({ ...current!, serverUrl });
      prefs.value = { ...current!, serverUrl };
      // A session stays with the server it signed in to; the new one is for the next sign-in.
      const signedIn = (await session.getValue())?.serverUrl;
      const later =
        signedIn && signedIn !== serverUrl
          ? ` ${t('options.stillSignedIn', [signedIn, serverUrl])}`
          : '';
      status.value =
        (granted ? t('options.saved') : t('options.savedNoAccess', [serverUrl])) + later;
    });
  }

  return (
    <form onSubmit={submit} aria-labelledby="options-title">
      <h1 id="options-title">{t('options.title')}</h1>
      <label>
        {t('signIn.serverUrl')}
        <input
          type="url"
          required
          value={current.serverUrl}
          onInput={(e) => update({ serverUrl: e.currentTarget.value })}
          aria-describedby="server-help"
        />
      </label>
      <small id="server-help" class="muted">
        {access.value === false ? t('options.noAccess') : t('options.reachesOnly')}
      </small>
      <label>
        {t('options.defaultValidity')}
        <select
          value={encodeChoice(current.defaultTtlHours)}
          onChange={(e) => update({ defaultTtlHours: decodeChoice(e.currentTarget.value) })}
        >
          {validityChoices(null).map((c) => (
            <option key={encodeChoice(c.value)} value={encodeChoice(c.value)}>
              {c.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('options.defaultUsage')}
        <select
          value={encodeChoice(current.defaultMaxUses)}
          onChange={(e) => update({ defaultMaxUses: decodeChoice(e.currentTarget.value) })}
        >
          {usageChoices().map((c) => (
            <option key={encodeChoice(c.value)} value={encodeChoice(c.value)}>
              {c.label}
            </option>
          ))}
        </select>
      </label>
      <label class="check">
        <input
          type="checkbox"
          checked={current.notify}
          onChange={(e) => update({ notify: e.currentTarget.checked })}
        />
        {t('options.notify')}
      </label>
      <ErrorNotice error={error.value} />
      <div class="row">
        <button type="submit" class="primary">
          {t('common.save')}
        </button>
        {status.value && <span role="status">{status.value}</span>}
      </div>
    </form>
  );
}
