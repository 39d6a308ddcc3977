import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppState } from '../../../extension/lib/app-state';
import { createFindState } from '../../../extension/lib/find';
import { createReviewState } from '../../../extension/lib/review';
import { createShareState } from '../../../extension/lib/share';
import { apiError, json } from './fake-api';
import { useSignedInApp } from './signed-in';
import { application, approval, department, invitation, link, org, renewal } from './fixtures';

const ctx = useSignedInApp();

const signedIn = (orgId = 'org-1'): Promise<AppState> => ctx.signedIn({ orgId });

describe('share', () => {
  it('creates a link with the chosen validity and limit, shows it first in "My links"', async () => {
    const share = createShareState(await signedIn());
    ctx.api.on(
      'GET /api/orgs/org-1',
      org('org-1', { linkMaxTtlHours: null, allowMemberLinks: true }),
    );
    ctx.api.on('GET /api/orgs/org-1/departments', { items: [department('d1')], nextCursor: null });
    ctx.api.on('GET /api/orgs/org-1/links', { items: [link('old')], nextCursor: null });
    ctx.api.on('POST /api/orgs/org-1/links', json(link('new'), 201));
    await share.load();
    expect(share.validity.value.at(-1)?.label).toBe('Never expires');
    share.update({ expiresInHours: 24, maxUses: 10, departmentId: 'd1' });
    await share.create();
    expect(ctx.api.last('POST /api/orgs/org-1/links')!.body).toEqual({
      expiresInHours: 24,
      maxUses: 10,
      departmentId: 'd1',
      role: 'member',
      requiresApproval: true,
    });
    expect(share.current.value?.id).toBe('new');
    expect(share.links.data.value?.map((l) => l.id)).toEqual(['new', 'old']);
    expect(ctx.api.last('GET /api/orgs/org-1/links')!.query.get('mine')).toBe('true');
  });

  it('starts from the preferred validity, "never" included where the organization allows it', async () => {
    const app = await signedIn();
    await app.savePreferences({
      ...app.preferences.value,
      defaultTtlHours: null,
      defaultMaxUses: 25,
    });
    const share = createShareState(app);
    ctx.api.on('GET /api/orgs/org-1', org('org-1', { linkMaxTtlHours: null }));
    ctx.api.on('GET /api/orgs/org-1/departments', { items: [], nextCursor: null });
    ctx.api.on('GET /api/orgs/org-1/links', { items: [], nextCursor: null });
    expect(share.form.value.expiresInHours).toBe(720);
    await share.load();
    expect(share.form.value).toMatchObject({ expiresInHours: null, maxUses: 25 });
  });

  it('keeps a validity the user picked while the organization was still loading', async () => {
    const app = await signedIn();
    await app.savePreferences({ ...app.preferences.value, defaultTtlHours: null });
    const share = createShareState(app);
    ctx.api.on('GET /api/orgs/org-1', org('org-1', { linkMaxTtlHours: null }));
    ctx.api.on('GET /api/orgs/org-1/departments', { items: [], nextCursor: null });
    ctx.api.on('GET /api/orgs/org-1/links', { items: [], nextCursor: null });
    const loading = share.load();
    share.update({ expiresInHours: 24 });
    await loading;
    expect(share.form.value.expiresInHours).toBe(24);
  });

  it('explains instead of offering the form when the organization refuses member links', async () => {
    const share = createShareState(await signedIn('org-2'));
    ctx.api.on(
      'POST /api/orgs/org-2/links',
      apiError(403, 'forbidden', 'Members may not create links here.'),
    );
    await share.create();
    expect(ctx.api.last('POST /api/orgs/org-2/links')!.body).toEqual({
      expiresInHours: 168,
      maxUses: null,
    });
    expect(share.notAllowed.value).toBe(true);
  });

  it('revokes at once and puts the link back if the server refuses', async () => {
    const share = createShareState(await signedIn());
    share.links.data.value = [link('a'), link('b')];
    ctx.api.on('DELETE /api/orgs/org-1/links/a', apiError(404, 'not_found', 'gone'));
    const revoking = share.revoke(link('a'));
    expect(share.links.data.value.map((l) => l.id)).toEqual(['b']);
    await revoking;
    expect(share.links.data.value.map((l) => l.id)).toEqual(['a', 'b']);
    expect(share.error.value).toMatchObject({ code: 'not_found' });
  });

  it('"Reset all" revokes every own link', async () => {
    const share = createShareState(await signedIn());
    share.links.data.value = [link('a'), link('b')];
    ctx.api.on('POST /api/orgs/org-1/links/reset', { revoked: 2 });
    expect(await share.resetAll()).toBe(2);
    expect(share.links.data.value).toEqual([]);
  });
});

describe('review', () => {
  it('admins see pending applications and invitations', async () => {
    const review = createReviewState(await signedIn());
    ctx.api.on('GET /api/orgs/org-1/applications', {
      items: [application('a1')],
      nextCursor: null,
    });
    ctx.api.on('GET /api/orgs/org-1/invitations', { items: [invitation('i1')], nextCursor: null });
    await review.load();
    expect(ctx.api.last('GET /api/orgs/org-1/applications')!.query.get('status')).toBe('pending');
    expect(review.applications.data.value).toHaveLength(1);
    expect(review.invitations.data.value).toHaveLength(1);
  });

  it('members see every application of their own links, and no invitations', async () => {
    const review = createReviewState(await signedIn('org-2'));
    ctx.api.on('GET /api/orgs/org-2/applications', {
      items: [application('a1', { status: 'approved' })],
      nextCursor: null,
    });
    await review.load();
    expect(ctx.api.last('GET /api/orgs/org-2/applications')!.query.get('status')).toBeNull();
    expect(review.invitations.data.value).toEqual([]);
    expect(ctx.api.last('GET /api/orgs/org-2/invitations')).toBeUndefined();
  });

  it('approves optimistically and asks for a badge refresh', async () => {
    const onReviewed = vi.fn();
    const review = createReviewState(await signedIn(), { onReviewed });
    review.applications.data.value = [application('a1'), application('a2')];
    ctx.api.on(
      'POST /api/orgs/org-1/applications/a1/approve',
      approval(application('a1', { status: 'approved' })),
    );
    const approving = review.approve(application('a1'));
    expect(review.applications.data.value.map((a) => a.id)).toEqual(['a2']);
    expect(await approving).toBe(true);
    expect(onReviewed).toHaveBeenCalledOnce();
    // What screen readers hear from the Review tab's live region.
    expect(review.outcome.value).toBe('Approved Applicant a1');
  });

  it('puts the application back and says why when approval fails', async () => {
    const review = createReviewState(await signedIn());
    review.applications.data.value = [application('a1'), application('a2')];
    ctx.api.on(
      'POST /api/orgs/org-1/applications/a2/approve',
      apiError(409, 'already_reviewed', 'Someone has already reviewed this application.'),
    );
    expect(await review.approve(application('a2'))).toBe(false);
    expect(review.applications.data.value.map((a) => a.id)).toEqual(['a1', 'a2']);
    expect(review.error.value).toMatchObject({ code: 'already_reviewed' });
    expect(review.outcome.value).toBe('');
  });

  it('invites again from a renewal, optimistically, then reads the lists again; a dismiss that fails puts it back', async () => {
    const onReviewed = vi.fn();
    const review = createReviewState(await signedIn(), { onReviewed });
    review.renewals.data.value = [renewal('r1'), renewal('r2')];
    ctx.api.on('POST /api/orgs/org-1/renewals/r1/invite', {
      renewal: renewal('r1', { status: 'invited' }),
      invitation: invitation('i9'),
    });
    ctx.api.on('GET /api/orgs/org-1/renewals', { items: [renewal('r2')], nextCursor: null });
    ctx.api.on('GET /api/orgs/org-1/applications', { items: [], nextCursor: null });
    ctx.api.on('GET /api/orgs/org-1/invitations', { items: [invitation('i9')], nextCursor: null });
    const inviting = review.settle(renewal('r1'), 'invite');
    expect(review.renewals.data.value?.map((r) => r.id)).toEqual(['r2']);
    expect(await inviting).toBe(true);
    expect(onReviewed).toHaveBeenCalledOnce();
    await vi.waitFor(() => expect(review.invitations.data.value?.map((i) => i.id)).toEqual(['i9']));

    ctx.api.on(
      'POST /api/orgs/org-1/renewals/r2/dismiss',
      apiError(409, 'already_reviewed', 'Someone has already renewed or dismissed this'),
    );
    expect(await review.settle(renewal('r2'), 'dismiss')).toBe(false);
    expect(review.renewals.data.value?.map((r) => r.id)).toEqual(['r2']);
    expect(review.error.value).toMatchObject({ code: 'already_reviewed' });
  });

  it('sends a fresh link from a renewal: one POST to its link route, the renewal leaves the list', async () => {
    const review = createReviewState(await signedIn());
    review.renewals.data.value = [renewal('r1')];
    ctx.api.on('POST /api/orgs/org-1/renewals/r1/link', {
      renewal: renewal('r1', { status: 'invited' }),
      link: link('l9'),
    });
    ctx.api.on('GET /api/orgs/org-1/renewals', { items: [], nextCursor: null });
    ctx.api.on('GET /api/orgs/org-1/applications', { items: [], nextCursor: null });
    ctx.api.on('GET /api/orgs/org-1/invitations', { items: [], nextCursor: null });
    expect(await review.settle(renewal('r1'), 'link')).toBe(true);
    expect(review.renewals.data.value).toEqual([]);
    expect(ctx.api.last('POST /api/orgs/org-1/renewals/r1/link')).toBeDefined();
    expect(ctx.api.last('POST /api/orgs/org-1/renewals/r1/invite')).toBeUndefined();
  });

  it('rejects with the reason given', async () => {
    const review = createReviewState(await signedIn());
    review.applications.data.value = [application('a1')];
    ctx.api.on(
      'POST /api/orgs/org-1/applications/a1/reject',
      application('a1', { status: 'rejected' }),
    );
    await review.reject(application('a1'), '  not from our company ');
    expect(ctx.api.last('POST /api/orgs/org-1/applications/a1/reject')!.body).toEqual({
      reason: 'not from our company',
    });
    expect(review.applications.data.value).toEqual([]);
    expect(review.outcome.value).toBe('Rejected Applicant a1');
  });

  it('cancels, resends and changes workspaces of invitations', async () => {
    const review = createReviewState(await signedIn());
    review.invitations.data.value = [invitation('i1'), invitation('i2')];
    ctx.api.on('DELETE /api/orgs/org-1/invitations/i1', () => new Response(null, { status: 204 }));
    ctx.api.on('POST /api/orgs/org-1/invitations/i2/resend', {
      invitation: invitation('i2', { resendCount: 1 }),
    });
    ctx.api.on('PUT /api/orgs/org-1/invitations/i2/workspaces', invitation('i2'));
    ctx.api.on('GET /api/orgs/org-1/invitations', {
      items: [invitation('i2', { resendCount: 1 })],
      nextCursor: null,
    });
    expect(await review.cancel(invitation('i1'))).toBe(true);
    expect(await review.resend(invitation('i2'))).toBe(true);
    expect(review.invitations.data.value?.[0]?.resendCount).toBe(1);
    expect(
      await review.setWorkspaces(invitation('i2'), [{ workspaceId: 'w1', role: 'manager' }]),
    ).toBe(true);
    expect(ctx.api.last('PUT /api/orgs/org-1/invitations/i2/workspaces')!.body).toEqual({
      workspaces: [{ workspaceId: 'w1', role: 'manager' }],
    });
  });
});

describe('find', () => {
  afterEach(() => vi.useRealTimers());

  it('searches once typing pauses, with the last query only', async () => {
    vi.useFakeTimers();
    const find = createFindState(await signedIn(), 250);
    ctx.api.on('GET /api/orgs/org-1/search', (r) =>
      json({
        items: [
          {
            kind: 'member',
            id: 'm1',
            name: r.query.get('q'),
            email: null,
            status: 'active',
            createdAt: '2030-01-01T00:00:00Z',
          },
        ],
      }),
    );
    find.setQuery('a');
    find.setQuery('al');
    find.setQuery('ali');
    await vi.advanceTimersByTimeAsync(300);
    const searches = ctx.api.requests.filter((r) => r.path === '/api/orgs/org-1/search');
    expect(searches.map((r) => r.query.get('q'))).toEqual(['ali']);
    expect(find.results.data.value?.[0]?.name).toBe('ali');
  });

  it('clears the results when the query is emptied', async () => {
    vi.useFakeTimers();
    const find = createFindState(await signedIn(), 250);
    find.results.data.value = [];
    find.setQuery('   ');
    await vi.advanceTimersByTimeAsync(0);
    expect(find.results.data.value).toBeUndefined();
    expect(ctx.api.requests.some((r) => r.path.endsWith('/search'))).toBe(false);
  });
});
