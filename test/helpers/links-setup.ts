/**
 * The setup of the general-link tests: a fresh harness with Acme before each test, and with it the
 * organization's links route and a change of its settings by its owner; or, for the join tests, a
 * link its admin made (valid for 24 hours) and an applicant.
 */
import { freshHarness, freshOrg, type Fresh } from './fresh';
import { createLink, type CreatedLink } from './links';
import { orgWithRoles } from './seed';

export function linkTests(set: (s: Fresh) => void) {
  const current = freshOrg(set);
  return {
    links: (orgId = current().org.orgId) => `/api/orgs/${orgId}/links`,
    settings: (body: unknown) => {
      const { h, org } = current();
      return h.call('PATCH', `/api/orgs/${org.orgId}/settings`, { token: org.owner.token, body });
    },
  };
}

export interface FreshLink extends Fresh {
  link: CreatedLink;
}

export function freshLink(set: (s: FreshLink) => void): void {
  freshHarness(async ({ h }) => {
    const org = await orgWithRoles(h);
    const link = await createLink(h, org.orgId, org.admin.token, { expiresInHours: 24 });
    set({ h, org, link });
  });
}

export const ann = { name: 'Ann Applicant', email: 'ann@example.com' };
