/**
 * An invitation open in the active tab: when it is this server's `/invite/<token>` page, the popup
 * says whom the invitation is for, whether that is the signed-in account, and offers to switch to
 * it (docs/SECURITY.md, "accepting while signed in as someone else"). Nothing here accepts
 * anything: the page does, for the account it names.
 */
import type { InviteInfo } from '../../shared/api';
import type { AppState } from './app-state';
import { t } from './i18n';

export type TabInvitation = { orgName: string; address: string; account: string; forMe: boolean };

/**
 * The invitation token in `tabUrl` when it is a `/invite/<token>` page of `serverUrl`; else null.
 */
export function invitationToken(tabUrl: string | undefined, serverUrl: string): string | null {
  if (!tabUrl) return null;
  try {
    const url = new URL(tabUrl);
    if (url.origin !== new URL(serverUrl).origin) return null;
    return /^\/invite\/([A-Za-z0-9_-]{1,64}\.[A-Za-z0-9_-]{43})$/.exec(url.pathname)?.[1] ?? null;
  } catch {
    return null;
  }
}

/**
 * The URL of the tab the popup was opened over (the `activeTab` permission grants it for that
 * moment).
 */
export async function activeTabUrl(): Promise<string | undefined> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.url;
}

/**
 * What the signed-in app should say about the invitation in `tabUrl`; null when there is none, or
 * it is not open.
 */
export async function tabInvitation(
  app: AppState,
  tabUrl: string | undefined,
): Promise<TabInvitation | null> {
  const session = app.session.value;
  const api = app.client.value;
  const token = session ? invitationToken(tabUrl, session.serverUrl) : null;
  if (!token || !api) return null;
  const info: InviteInfo | null = await api.invite(token).catch(() => null);
  if (!info?.signedIn) return null;
  return {
    orgName: info.org.name,
    address: info.email ?? info.phone ?? '',
    account: info.signedIn.account,
    forMe: info.signedIn.matches,
  };
}

/** Signs out, with the sign-in form ready for the invited account. */
export function switchToInvitee(app: AppState, invitation: TabInvitation): Promise<void> {
  return app.signOut({
    account: invitation.address,
    message: t('tabInvitation.signInAs', { address: invitation.address, org: invitation.orgName }),
  });
}
