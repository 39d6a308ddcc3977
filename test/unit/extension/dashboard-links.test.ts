import { describe, expect, it } from 'vitest';
import type { AppState } from '../../../extension/lib/app-state';
import { describeError } from '../../../extension/lib/errors';
import {
  createLinkDetail,
  peopleToRemove,
  removableCount,
  removalQuestion,
} from '../../../extension/lib/dashboard/link-detail';
import { createLinksState } from '../../../extension/lib/dashboard/links';
import type { LinkDto } from '../../../shared/api';
import { apiError, json } from './fake-api';
import { useSignedInApp } from './signed-in';
import { joiner, link, linkDetail } from './fixtures';

const ctx = useSignedInApp();

const admin = (): Promise<AppState> => ctx.signedIn();

describe('links list', () => {
  it('lists every link, then only mine and only active ones, page by page', async () => {
    const links = createLinksState(await admin());
    ctx.api.on('GET /api/orgs/org-1/links', (r) =>
      json(
        r.query.get('cursor')
          ? { items: [link('l3')], nextCursor: null }
          : { items: [link('l1'), link('l2')], nextCursor: 'c2' },
      ),
    );
    await links.load();
    expect(Object.fromEntries(ctx.api.last('GET /api/orgs/org-1/links')!.query)).toEqual({});
    await links.list.load(true);
    expect(links.list.items.value.map((l) => l.id)).toEqual(['l1', 'l2', 'l3']);

    links.setFilters({ mine: true });
    links.setFilters({ active: true });
    await expect.poll(() => links.list.loading.value).toBe(false);
    expect(Object.fromEntries(ctx.api.last('GET /api/orgs/org-1/links')!.query)).toEqual({
      mine: 'true',
      active: 'true',
    });
    links.setFilters({ mine: false });
    await expect.poll(() => links.list.loading.value).toBe(false);
    expect(Object.fromEntries(ctx.api.last('GET /api/orgs/org-1/links')!.query)).toEqual({
      active: 'true',
    });
  });

  it('revokes a link in place, keeping the row with its new status', async () => {
    const links = createLinksState(await admin());
    ctx.api.on('GET /api/orgs/org-1/links', { items: [link('l1'), link('l2')], nextCursor: null });
    ctx.api.on('DELETE /api/orgs/org-1/links/l2', {
      ...link('l2', { status: 'revoked', revokedAt: '2099-01-03T00:00:00.000Z' }),
      removedMembers: 0,
    });
    await links.load();
    await links.revoke(links.list.items.value[1]!);
    expect(ctx.api.last('DELETE /api/orgs/org-1/links/l2')!.body).toBeUndefined();
    expect(links.list.items.value.map((l) => [l.id, l.status])).toEqual([
      ['l1', 'active'],
      ['l2', 'revoked'],
    ]);
  });

  it('says why a revoke was refused and leaves the link as it was', async () => {
    const links = createLinksState(await admin());
    ctx.api.on('GET /api/orgs/org-1/links', { items: [link('l1')], nextCursor: null });
    ctx.api.on(
      'DELETE /api/orgs/org-1/links/l1',
      apiError(403, 'forbidden', 'Only administrators may revoke links made by others'),
    );
    await links.load();
    await links.revoke(link('l1'));
    expect(describeError(links.error.value)).toBe(
      'Only administrators may revoke links made by others',
    );
    expect(links.list.items.value[0]!.status).toBe('active');
  });

  it('shows a load failure as the list’s error', async () => {
    const links = createLinksState(await admin());
    ctx.api.on('GET /api/orgs/org-1/links', apiError(500, 'internal', 'boom'));
    await links.load();
    expect(describeError(links.list.error.value)).toBe(
      'Something went wrong on the server. Please try again.',
    );
    expect(links.list.loading.value).toBe(false);
  });
});

describe('link details and "Revoke and remove everyone who joined"', () => {
  it('names how many people a removal takes out, never counting owners', () => {
    const detail = linkDetail('l1', [
      joiner('u1'),
      joiner('u2', { status: 'active' }),
      joiner('u3', { role: 'owner' }),
    ]);
    expect(removableCount(detail)).toBe(2);
    expect(removalQuestion(detail)).toMatch(
      /^Revoke this link and remove 2 people who joined through it\? Their access/,
    );
    expect(peopleToRemove(linkDetail('l1', [joiner('u1')]))).toBe('1 person');
    const revoked = linkDetail('l1', [joiner('u1')], { link: link('l1', { status: 'revoked' }) });
    expect(removalQuestion(revoked)).toMatch(/^Remove 1 person who joined/);
    const full = linkDetail(
      'l1',
      Array.from({ length: 100 }, (_, i) => joiner(`u${i}`)),
    );
    expect(peopleToRemove(full)).toBe('at least 100 people');
  });

  it('loads the link’s applications and joiners, revokes with removeJoined and reloads', async () => {
    const changed: LinkDto[] = [];
    const state = createLinkDetail(await admin(), 'l1', (l) => changed.push(l));
    let removed = false;
    ctx.api.on('GET /api/orgs/org-1/links/l1', () =>
      json(
        removed
          ? linkDetail('l1', [], { link: link('l1', { status: 'revoked' }) })
          : linkDetail('l1', [joiner('u1'), joiner('u2')]),
      ),
    );
    ctx.api.on('DELETE /api/orgs/org-1/links/l1', () => {
      removed = true;
      return json({ ...link('l1', { status: 'revoked' }), removedMembers: 2 });
    });
    await state.load();
    expect(state.detail.data.value?.members).toHaveLength(2);
    expect(state.removable.value).toBe(2);

    state.confirming.value = true;
    await state.revokeAndRemove();
    const request = ctx.api.last('DELETE /api/orgs/org-1/links/l1')!;
    expect(request.body).toEqual({ removeJoined: true });
    expect(request.headers['content-type']).toBe('application/json');
    expect(state.result.value).toBe('Link revoked; 2 people removed from the organization.');
    expect(changed.map((l) => l.status)).toEqual(['revoked']);
    expect(state.detail.data.value?.members).toEqual([]);
    expect(state.removable.value).toBe(0);
    expect(state.confirming.value).toBe(false);
    expect(state.busy.value).toBe(false);
  });

  it('keeps everyone and says why when the server refuses', async () => {
    const state = createLinkDetail(await admin(), 'l1');
    ctx.api.on('GET /api/orgs/org-1/links/l1', linkDetail('l1', [joiner('u1')]));
    ctx.api.on(
      'DELETE /api/orgs/org-1/links/l1',
      apiError(
        403,
        'forbidden',
        'Only administrators may remove the people who joined through a link',
      ),
    );
    await state.load();
    await state.revokeAndRemove();
    expect(describeError(state.error.value)).toBe(
      'Only administrators may remove the people who joined through a link',
    );
    expect(state.result.value).toBeNull();
    expect(state.detail.data.value?.members).toHaveLength(1);
  });

  it('shows a missing link as a sentence', async () => {
    const state = createLinkDetail(await admin(), 'gone');
    ctx.api.on('GET /api/orgs/org-1/links/gone', apiError(404, 'not_found', 'Link was not found'));
    await state.load();
    expect(describeError(state.detail.error.value)).toBe('Link was not found');
    expect(state.detail.loading.value).toBe(false);
  });
});
