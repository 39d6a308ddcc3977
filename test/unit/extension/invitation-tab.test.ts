import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  activeTabUrl,
  invitationToken,
  switchToInvitee,
  tabInvitation,
} from '../../../extension/lib/invitation-tab';
import { json } from './fake-api';
import { SERVER } from './fixtures';
import { useSignedInApp } from './signed-in';

const ctx = useSignedInApp();
afterEach(() => vi.restoreAllMocks());
const TOKEN = `inv_1.${'A'.repeat(43)}`;
const info = (matches: boolean) => ({
  org: { name: 'Globex' },
  inviter: { name: 'Gina' },
  email: 'alice@example.com',
  phone: null,
  role: 'member',
  expiresAt: '2099-01-01T00:00:00.000Z',
  account: 'existing',
  needsCode: false,
  signedIn: { account: matches ? 'alice@example.com' : 'admin@example.com', matches },
});

describe('an invitation open in the active tab', () => {
  it('is found only on this server’s /invite/<token> page', () => {
    expect(invitationToken(`${SERVER}/invite/${TOKEN}`, SERVER)).toBe(TOKEN);
    for (const url of [
      `https://elsewhere.example/invite/${TOKEN}`,
      `${SERVER}/join/${TOKEN}`,
      `${SERVER}/invite/${TOKEN}/code`,
      `${SERVER}/invite/short`,
      'about:blank',
      undefined,
    ]) {
      expect(invitationToken(url, SERVER), String(url)).toBeNull();
    }
  });

  it('reads the address of the tab the popup opened over', async () => {
    // The fake browser has no current window, so the query is answered here: the active tab of the
    // current window.
    const query = vi.spyOn(fakeBrowser.tabs, 'query').mockResolvedValue([
      {
        id: 1,
        index: 0,
        highlighted: true,
        active: true,
        pinned: false,
        incognito: false,
        windowId: 1,
        url: `${SERVER}/invite/${TOKEN}`,
      },
    ]);
    expect(await activeTabUrl()).toBe(`${SERVER}/invite/${TOKEN}`);
    expect(query).toHaveBeenCalledWith({ active: true, currentWindow: true });
  });

  it('says whom it is for when that is someone else, and switching signs out with the form ready for them', async () => {
    const app = await ctx.signedIn();
    ctx.api.on(`GET /api/invite/${TOKEN}`, json(info(false)));
    const inv = await tabInvitation(app, `${SERVER}/invite/${TOKEN}`);
    expect(inv).toEqual({
      orgName: 'Globex',
      address: 'alice@example.com',
      account: 'admin@example.com',
      forMe: false,
    });
    expect(ctx.api.last(`GET /api/invite/${TOKEN}`)!.headers.authorization).toBe('Bearer token-1');
    await switchToInvitee(app, inv!);
    expect(app.phase.value).toBe('signedOut');
    expect(app.signInAs.value).toBe('alice@example.com');
    expect(app.notice.value).toBe(
      'Sign in as alice@example.com to accept the invitation to Globex.',
    );
    expect(ctx.api.last('POST /api/auth/logout')).toBeTruthy();
  });

  it('says it is yours when it is, and nothing when the invitation is gone or the tab shows something else', async () => {
    const app = await ctx.signedIn();
    ctx.api.on(`GET /api/invite/${TOKEN}`, json(info(true)));
    expect((await tabInvitation(app, `${SERVER}/invite/${TOKEN}`))?.forMe).toBe(true);
    ctx.api.on(
      `GET /api/invite/${TOKEN}`,
      json({ error: { code: 'invitation_expired', message: 'expired' } }, 410),
    );
    expect(await tabInvitation(app, `${SERVER}/invite/${TOKEN}`)).toBeNull();
    expect(await tabInvitation(app, 'https://news.example/')).toBeNull();
  });
});
