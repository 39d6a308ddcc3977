/**
 * The dashboard's Links section: every general link of the organization, newest first, page by
 * page, filtered to the admin's own or to those still usable, with revoke in place, and the link
 * whose details are open.
 */
import { signal } from '@preact/signals';
import type { LinkDto } from '../../../shared/api';
import type { AppState } from '../app-state';
import { createPagedList } from './paged';

export interface LinkFilters {
  /** Only links the signed-in user created. */
  mine: boolean;
  /** Only links that still work (not expired, revoked or used up). */
  active: boolean;
}

export type LinksState = ReturnType<typeof createLinksState>;

export function createLinksState(app: AppState) {
  const filters = signal<LinkFilters>({ mine: false, active: false });
  const list = createPagedList((cursor) =>
    app.call((api, orgId) =>
      api.links.list(orgId, {
        mine: filters.value.mine || undefined,
        active: filters.value.active || undefined,
        cursor,
      }),
    ),
  );
  /** Why the last revoke failed. */
  const error = signal<unknown>(null);
  /** The link whose details are shown, if any. */
  const open = signal<LinkDto | null>(null);

  function setFilters(patch: Partial<LinkFilters>): void {
    filters.value = { ...filters.value, ...patch };
    void list.load();
  }

  /** Shows a link as the server now has it (revoked, used), keeping its place in the list. */
  function replace(link: LinkDto): void {
    list.items.value = list.items.value.map((l) => (l.id === link.id ? link : l));
    if (open.value?.id === link.id) open.value = link;
  }

  async function revoke(link: LinkDto): Promise<void> {
    error.value = null;
    try {
      replace(await app.call((api, orgId) => api.links.revoke(orgId, link.id)));
    } catch (e) {
      error.value = e;
    }
  }

  return { filters, list, error, open, setFilters, replace, revoke, load: list.load };
}
