/**
 * The signed-in state every extension page shares: the session, the organization it acts for, the
 * user's preferences, and one way to call the server that turns an ended session into "back to
 * sign-in".
 */
import { batch, computed, signal } from '@preact/signals';
import {
  ApiError,
  createApiClient,
  type ApiClient,
  type ApiClientOptions,
} from '../../shared/client';
import { errorSentence, isOffline, isSessionEnded, noAccess } from './errors';
import { activeMembership, isAdminRole, isExpired, normalizeServerUrl, pickOrgId } from './session';
import { DEFAULT_PREFERENCES, type Preferences, type Stores, type StoredSession } from './storage';

/**
 * What the page shows: still reading storage, the sign-in form, the new-password form, or the
 * product.
 */
export type Phase = 'loading' | 'signedOut' | 'changePassword' | 'ready';

export interface AppDeps {
  stores: Stores;
  makeClient?: (options: ApiClientOptions) => ApiClient;
  now?: () => number;
  /**
   * Whether the browser lets the extension reach a server (lib/host-permission-check.ts); tells "no
   * access" from "down".
   */
  hasAccess?: (serverUrl: string) => Promise<boolean>;
}

export interface SignInInput {
  serverUrl: string;
  email: string;
  password: string;
}

export type AppState = ReturnType<typeof createAppState>;

export function createAppState({
  stores,
  makeClient = createApiClient,
  now = Date.now,
  hasAccess = async () => true,
}: AppDeps) {
  const phase = signal<Phase>('loading');
  const session = signal<StoredSession | null>(null);
  const preferences = signal<Preferences>(DEFAULT_PREFERENCES);
  /** A message for the sign-in form, e.g. that the session ended. */
  const notice = signal<string | null>(null);
  /**
   * The account the sign-in form suggests after "switch account" (an invitation for someone else).
   */
  const signInAs = signal<string | null>(null);

  const membership = computed(() => activeMembership(session.value));
  const orgId = computed(() => membership.value?.orgId ?? null);
  const isAdmin = computed(() => isAdminRole(membership.value?.role));
  const client = computed(() => {
    const current = session.value;
    return current
      ? makeClient({ baseUrl: current.serverUrl, getToken: () => current.token })
      : null;
  });

  function phaseFor(current: StoredSession | null): Phase {
    if (!current) return 'signedOut';
    return current.user.mustChangePassword ? 'changePassword' : 'ready';
  }

  function show(next: StoredSession | null): void {
    batch(() => {
      session.value = next;
      phase.value = phaseFor(next);
    });
  }

  async function save(next: StoredSession | null): Promise<void> {
    show(next);
    await stores.session.setValue(next);
  }

  /**
   * Reads storage, shows what it holds at once, then checks the session with the server in the
   * background.
   */
  async function start(): Promise<void> {
    const [stored, prefs] = await Promise.all([
      stores.session.getValue(),
      stores.preferences.getValue(),
    ]);
    preferences.value = { ...DEFAULT_PREFERENCES, ...prefs };
    if (stored && isExpired(stored, now())) {
      notice.value = errorSentence('unauthenticated');
      await save(null);
      return;
    }
    show(stored);
    // Another page (the dashboard, the options page) or the background worker may sign out or
    // switch.
    stores.session.watch((next) => {
      if (next?.token !== session.value?.token || next?.orgId !== session.value?.orgId) show(next);
    });
    if (stored) void refreshAccount();
  }

  /**
   * Reloads the user and their organizations (a role or membership may have changed since sign-in).
   */
  async function refreshAccount(): Promise<void> {
    const api = client.value;
    const current = session.value;
    if (!api || !current) return;
    try {
      const me = await api.auth.me();
      // Apply to the session as it is now: the user may have switched organizations meanwhile.
      const latest = session.value;
      if (latest?.token !== current.token) return;
      await save({
        ...latest,
        user: me.user,
        memberships: me.memberships,
        orgId: pickOrgId(me.memberships, latest.orgId),
      });
    } catch (error) {
      if (isSessionEnded(error)) await endSession();
    }
  }

  async function endSession(
    message: string | null = errorSentence('unauthenticated'),
  ): Promise<void> {
    notice.value = message;
    await save(null);
  }

  async function signIn(input: SignInInput): Promise<void> {
    const serverUrl = normalizeServerUrl(input.serverUrl);
    const api = makeClient({ baseUrl: serverUrl, getToken: () => null });
    // People known only by a phone number sign in with it.
    const account = input.email.trim();
    const result = await api.auth
      .login(
        account.includes('@')
          ? { email: account, password: input.password }
          : { phone: account, password: input.password },
      )
      .catch(async (error: unknown) => {
        throw await explainOffline(error, serverUrl);
      });
    const lastOrg = session.value?.orgId;
    notice.value = null;
    await save({
      serverUrl,
      token: result.token,
      expiresAt: result.expiresAt,
      user: result.user,
      memberships: result.memberships,
      orgId: pickOrgId(result.memberships, lastOrg),
    });
    if (preferences.value.serverUrl !== serverUrl)
      await savePreferences({ ...preferences.value, serverUrl });
  }

  async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
    const api = client.value;
    const current = session.value;
    if (!api || !current) return;
    await api.auth.changePassword({ currentPassword, newPassword });
    await save({ ...current, user: { ...current.user, mustChangePassword: false } });
    void refreshAccount();
  }

  /**
   * Signs out; `switchTo` leaves the sign-in form ready for another account, with a sentence saying
   * why.
   */
  async function signOut(switchTo?: { account: string; message: string }): Promise<void> {
    const api = client.value;
    signInAs.value = switchTo?.account ?? null;
    await endSession(switchTo?.message ?? null);
    // The token is already forgotten here; telling the server is a courtesy that may fail offline.
    await api?.auth.logout().catch(() => undefined);
  }

  async function switchOrg(nextOrgId: string): Promise<void> {
    const current = session.value;
    if (!current?.memberships.some((m) => m.orgId === nextOrgId)) return;
    await save({ ...current, orgId: nextOrgId });
  }

  async function savePreferences(next: Preferences): Promise<void> {
    preferences.value = next;
    await stores.preferences.setValue(next);
  }

  /**
   * Calls the server for the current organization. An ended session signs the user out (the page
   * goes back to sign-in with a notice); every error is rethrown for the caller to show.
   */
  async function call<T>(fn: (api: ApiClient, orgId: string) => Promise<T>): Promise<T> {
    const api = client.value;
    const org = orgId.value;
    if (!api || !org) throw new ApiError(401, 'unauthenticated', errorSentence('unauthenticated'));
    try {
      return await fn(api, org);
    } catch (error) {
      if (isSessionEnded(error)) await endSession();
      else if (error instanceof ApiError && error.code === 'password_change_required')
        phase.value = 'changePassword';
      throw await explainOffline(error, session.value?.serverUrl);
    }
  }

  /**
   * A request that never reached the server: because the browser does not let the extension reach
   * it, or not.
   */
  async function explainOffline(error: unknown, serverUrl: string | undefined): Promise<unknown> {
    if (!serverUrl || !isOffline(error)) return error;
    return (await hasAccess(serverUrl).catch(() => true)) ? error : noAccess(serverUrl);
  }

  return {
    phase,
    session,
    preferences,
    notice,
    signInAs,
    membership,
    orgId,
    isAdmin,
    client,
    start,
    refreshAccount,
    signIn,
    changePassword,
    signOut,
    switchOrg,
    savePreferences,
    call,
  };
}
