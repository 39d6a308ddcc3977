/**
 * The Share tab's state: the "Create link" form, the link just made (or picked from "My links"),
 * and the user's own active links with revoke and "Reset all".
 */
import { computed, signal } from '@preact/signals';
import type { LinkDto } from '../../shared/api';
import type { AppState } from './app-state';
import { isForbidden } from './errors';
import { pickValidity, toCreateLinkRequest, validityChoices, type LinkForm } from './link-options';
import { createResource } from './resource';

export type ShareState = ReturnType<typeof createShareState>;

export function createShareState(app: AppState) {
  const org = createResource(() => app.call((api, orgId) => api.orgs.get(orgId)));
  const departments = createResource(async () =>
    app.isAdmin.value ? (await app.call((api, orgId) => api.departments.list(orgId))).items : [],
  );
  // Links the user could no longer make (after a demotion) are `suspended` and do not work: not
  // offered for sharing.
  const links = createResource(async () =>
    (
      await app.call((api, orgId) =>
        api.links.list(orgId, { mine: true, active: true, limit: 100 }),
      )
    ).items.filter((l) => l.status === 'active'),
  );

  const maxTtl = computed(() => org.data.value?.settings?.linkMaxTtlHours);
  const validity = computed(() => validityChoices(maxTtl.value));
  /** Members of an organization that does not let members share links. */
  const notAllowed = computed(
    () =>
      !app.isAdmin.value && (org.data.value?.settings?.allowMemberLinks === false || refused.value),
  );
  const refused = signal(false);

  const form = signal<LinkForm>({
    expiresInHours: pickValidity(app.preferences.value.defaultTtlHours, undefined),
    maxUses: app.preferences.value.defaultMaxUses,
    departmentId: '',
    role: 'member',
    requiresApproval: true,
  });
  const current = signal<LinkDto | null>(null);
  const busy = signal(false);
  const error = signal<unknown>(null);
  /** The user picked a validity: the organization's answer arriving later must not undo it. */
  let validityChosen = false;

  function update(patch: Partial<LinkForm>): void {
    if ('expiresInHours' in patch) validityChosen = true;
    form.value = { ...form.value, ...patch };
  }

  async function load(): Promise<void> {
    await Promise.all([org.reload(), departments.reload(), links.reload()]);
    // Now that the organization's limit is known, the preferred validity may be allowed after all
    // ("never") — unless the user already picked one while the popup was loading.
    if (validityChosen) return;
    form.value = {
      ...form.value,
      expiresInHours: pickValidity(app.preferences.value.defaultTtlHours, maxTtl.value),
    };
  }

  async function create(): Promise<void> {
    busy.value = true;
    error.value = null;
    try {
      const request = toCreateLinkRequest(form.value, app.isAdmin.value);
      const link = await app.call((api, orgId) => api.links.create(orgId, request));
      current.value = link;
      links.data.value = [link, ...(links.data.value ?? [])];
    } catch (e) {
      if (isForbidden(e) && !app.isAdmin.value) refused.value = true;
      error.value = e;
    } finally {
      busy.value = false;
    }
  }

  /** Revokes one link at once in the list; puts it back if the server refuses. */
  async function revoke(link: LinkDto): Promise<void> {
    const before = links.data.value ?? [];
    links.data.value = before.filter((l) => l.id !== link.id);
    if (current.value?.id === link.id) current.value = null;
    error.value = null;
    try {
      await app.call((api, orgId) => api.links.revoke(orgId, link.id));
    } catch (e) {
      links.data.value = before;
      error.value = e;
    }
  }

  /** Revokes every link the user created; returns how many the server revoked. */
  async function resetAll(): Promise<number | null> {
    error.value = null;
    try {
      const { revoked } = await app.call((api, orgId) => api.links.reset(orgId));
      links.data.value = [];
      current.value = null;
      return revoked;
    } catch (e) {
      error.value = e;
      return null;
    }
  }

  return {
    org,
    departments,
    links,
    validity,
    notAllowed,
    form,
    current,
    busy,
    error,
    update,
    load,
    create,
    revoke,
    resetAll,
  };
}
