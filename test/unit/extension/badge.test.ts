import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { refreshBadge } from '../../../extension/lib/badge';
import { preferencesItem, sessionItem } from '../../../extension/lib/storage';
import { badgeText, checkForNews, watchItem } from '../../../extension/lib/watcher';
import { apiError, createFakeApi, json, type FakeApi } from './fake-api';
import { application, renewal, session } from './fixtures';

let api: FakeApi;
const created: { id: string; title: string; message: string }[] = [];

function serve(
  pending: string[],
  approved: { id: string; inviter?: string }[] = [],
  renewals: string[] = [],
  org = 'org-1',
) {
  api.on(`GET /api/orgs/${org}/renewals`, {
    items: renewals.map((id) => renewal(id)),
    nextCursor: null,
  });
  api.on('GET /api/orgs/org-1/applications', (r) =>
    json({
      items:
        r.query.get('status') === 'pending'
          ? pending.map((id) => application(id))
          : approved.map((a) =>
              application(a.id, {
                status: 'approved',
                inviter: { id: a.inviter ?? 'u-admin', name: 'x' },
              }),
            ),
      nextCursor: null,
    }),
  );
}

beforeEach(() => {
  fakeBrowser.reset();
  api = createFakeApi();
  created.length = 0;
  const notifications = fakeBrowser.notifications as unknown as {
    create: (id: string, o: { title: string; message: string }) => Promise<string>;
  };
  notifications.create = async (id, options) => {
    created.push({ id, title: options.title, message: options.message });
    return id;
  };
});

describe('badge text', () => {
  it('is empty at zero and caps at 99+', () => {
    expect(badgeText(0, false)).toBe('');
    expect(badgeText(7, false)).toBe('7');
    expect(badgeText(100, false)).toBe('99+');
    expect(badgeText(40, true)).toBe('99+');
  });
});

describe('background check', () => {
  it('shows the pending count on the toolbar for admins', async () => {
    await sessionItem.setValue(session());
    serve(['a1', 'a2', 'a3']);
    expect(await refreshBadge({ makeClient: api.makeClient })).toBe('3');
    expect(await fakeBrowser.action.getBadgeText({})).toBe('3');
  });

  it('shows members no badge for applications', async () => {
    await sessionItem.setValue(session({ orgId: 'org-2' }));
    api.on('GET /api/orgs/org-2/applications', { items: [], nextCursor: null });
    api.on('GET /api/orgs/org-2/renewals', { items: [], nextCursor: null });
    expect(await refreshBadge({ makeClient: api.makeClient })).toBe('');
    expect(
      api.requests.some(
        (r) => r.path.endsWith('/applications') && r.query.get('status') === 'pending',
      ),
    ).toBe(false);
  });

  it('counts pending renewals (expired invitations, requests for a new one) alongside applications', async () => {
    await sessionItem.setValue(session());
    serve(['a1', 'a2'], [], ['r1']);
    expect(await refreshBadge({ makeClient: api.makeClient })).toBe('3');
    expect(api.last('GET /api/orgs/org-1/renewals')!.query.get('status')).toBe('pending');
  });

  it('shows a member the renewals of their own links and invitations', async () => {
    await sessionItem.setValue(session({ orgId: 'org-2' }));
    api.on('GET /api/orgs/org-2/applications', { items: [], nextCursor: null });
    api.on('GET /api/orgs/org-2/renewals', {
      items: [renewal('r1'), renewal('r2')],
      nextCursor: null,
    });
    expect(await refreshBadge({ makeClient: api.makeClient })).toBe('2');
  });

  it('announces only what is new since the last check', async () => {
    await sessionItem.setValue(session());
    serve(['a1']);
    await refreshBadge({ makeClient: api.makeClient });
    expect(created).toEqual([]);
    serve(['a1', 'a2']);
    await refreshBadge({ makeClient: api.makeClient });
    expect(created).toEqual([
      {
        id: 'applications-a2',
        title: 'New application',
        message: 'Applicant a2 (a2@example.com) wants to join Acme.',
      },
    ]);
    await refreshBadge({ makeClient: api.makeClient });
    expect(created).toHaveLength(1);
  });

  it('tells the link owner when someone joined through their link', async () => {
    await sessionItem.setValue(session());
    serve([], [{ id: 'old' }]);
    await refreshBadge({ makeClient: api.makeClient });
    serve([], [{ id: 'old' }, { id: 'j1' }, { id: 'other', inviter: 'someone-else' }]);
    await refreshBadge({ makeClient: api.makeClient });
    expect(created).toEqual([
      {
        id: 'joined-j1',
        title: 'Someone joined through your link',
        message: 'Applicant j1 joined Acme through your invitation link.',
      },
    ]);
  });

  it('stays quiet when notifications are turned off', async () => {
    await sessionItem.setValue(session());
    await preferencesItem.setValue({ ...preferencesItem.fallback, notify: false });
    serve([]);
    await refreshBadge({ makeClient: api.makeClient });
    serve(['a9']);
    await refreshBadge({ makeClient: api.makeClient });
    expect(created).toEqual([]);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('1');
  });

  it('clears the badge when the server ended the session, leaving the session for a page to end with a notice', async () => {
    await sessionItem.setValue(session());
    await fakeBrowser.action.setBadgeText({ text: '4' });
    api.on('GET /api/orgs/org-1/applications', apiError(401, 'unauthenticated', 'ended'));
    api.on('GET /api/orgs/org-1/renewals', apiError(401, 'unauthenticated', 'ended'));
    await refreshBadge({ makeClient: api.makeClient });
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');
    expect(await sessionItem.getValue()).not.toBeNull();
  });

  it('keeps the badge when the server is unreachable', async () => {
    await sessionItem.setValue(session());
    await fakeBrowser.action.setBadgeText({ text: '4' });
    api.on('GET /api/orgs/org-1/applications', () =>
      Promise.reject(new TypeError('Failed to fetch')),
    );
    expect(await refreshBadge({ makeClient: api.makeClient })).toBeNull();
    expect(await fakeBrowser.action.getBadgeText({})).toBe('4');
    expect(await sessionItem.getValue()).not.toBeNull();
  });

  it('clears everything when signed out', async () => {
    await watchItem.setValue({
      orgId: 'org-1',
      userId: 'u',
      pendingIds: [],
      joinedIds: [],
      pendingCount: 2,
      checkedAt: '',
    });
    await fakeBrowser.action.setBadgeText({ text: '2' });
    expect(await refreshBadge({ makeClient: api.makeClient })).toBeNull();
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');
    expect(await watchItem.getValue()).toBeNull();
  });
});

describe('checkForNews', () => {
  it('starts a fresh baseline after switching organizations', async () => {
    serve(['a1']);
    const client = api.makeClient({ baseUrl: 'http://x', getToken: () => 't' });
    const previous = {
      orgId: 'org-2',
      userId: 'u-admin',
      pendingIds: [],
      joinedIds: [],
      pendingCount: 0,
      checkedAt: '',
    };
    const result = await checkForNews(client, session(), previous);
    expect(result?.notices).toEqual([]);
    expect(result?.state.pendingIds).toEqual(['a1']);
  });
});
