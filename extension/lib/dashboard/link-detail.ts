/**
 * One link's details: its latest applications and the people who joined through it, and "Revoke and
 * remove everyone who joined" (for a leaked link) behind a confirmation that says how many people
 * it removes.
 */
import { computed, signal } from '@preact/signals';
import type { LinkDetailDto, LinkDto } from '../../../shared/api';
import type { AppState } from '../app-state';
import { plural, t } from '../i18n';
import { createResource } from '../resource';
import { callAdmin } from './admin';

/**
 * The detail lists at most this many people (newest first); a full list may mean there are more.
 */
export const DETAIL_LIMIT = 100;

/**
 * The people a removal would take out: everyone who joined but owners, whom the server never
 * removes.
 */
export function removableCount(detail: LinkDetailDto): number {
  return detail.members.filter((m) => m.role !== 'owner').length;
}

/** "3 people", "1 person", or "at least 100 people" when the detail shows a full list. */
export function peopleToRemove(detail: LinkDetailDto): string {
  const count = removableCount(detail);
  return detail.members.length >= DETAIL_LIMIT
    ? plural('linkDetail.atLeast', count)
    : plural('linkDetail.people', count);
}

/** The confirmation's question, naming how many people lose their access. */
export function removalQuestion(detail: LinkDetailDto): string {
  return t(
    detail.link.status === 'revoked' ? 'linkDetail.removeQuestion' : 'linkDetail.revokeQuestion',
    { people: peopleToRemove(detail) },
  );
}

export type LinkDetailState = ReturnType<typeof createLinkDetail>;

export function createLinkDetail(
  app: AppState,
  linkId: string,
  onChanged: (link: LinkDto) => void = () => undefined,
) {
  const detail = createResource(() => callAdmin(app, (api, orgId) => api.links.get(orgId, linkId)));
  const confirming = signal(false);
  const busy = signal(false);
  const error = signal<unknown>(null);
  /** What the last removal did, as a sentence. */
  const result = signal<string | null>(null);
  const removable = computed(() => (detail.data.value ? removableCount(detail.data.value) : 0));

  async function revokeAndRemove(): Promise<void> {
    confirming.value = false;
    busy.value = true;
    error.value = null;
    result.value = null;
    try {
      const link = await app.call((api, orgId) =>
        api.links.revoke(orgId, linkId, { removeJoined: true }),
      );
      result.value = plural('linkDetail.removed', link.removedMembers);
      onChanged(link);
      await detail.reload();
    } catch (e) {
      error.value = e;
    } finally {
      busy.value = false;
    }
  }

  return {
    detail,
    confirming,
    busy,
    error,
    result,
    removable,
    load: detail.reload,
    revokeAndRemove,
  };
}
