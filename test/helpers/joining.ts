/**
 * The setup of the tests of joining through a general link and what follows (the welcome, the
 * set-password and confirm links, initial passwords): a fresh harness with Acme before each test,
 * a membership as it is stored, and an application made on the page and approved.
 */
import { and, eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { applications, memberships } from '../../worker/src/db/schema';
import { freshOrg, type Fresh } from './fresh';
import { createLink, mailTo, postForm } from './links';

export const NEW_PASSWORD = 'a long new password';

export function joining(set: (s: Fresh) => void) {
  const current = freshOrg(set);
  const apps = () => `/api/orgs/${current().org.orgId}/applications`;
  const membershipOf = async (userId: string) => {
    const { h, org } = current();
    return (
      await h.db
        .select()
        .from(memberships)
        .where(and(eq(memberships.orgId, org.orgId), eq(memberships.userId, userId)))
    )[0];
  };

  /** Applies on the page, has the admin approve, and answers the welcome message. */
  async function appliedAndApproved(
    email: string,
    name = 'Ann Applicant',
    linkBody: Record<string, unknown> = {},
  ) {
    const { h, org } = current();
    const link = await createLink(h, org.orgId, org.admin.token, linkBody);
    expect((await postForm(h, `/join/${link.token}`, { name, email })).status).toBe(200);
    const [app] = await h.db.select().from(applications).where(eq(applications.email, email));
    if (app!.status === 'pending')
      expect(
        (await h.call('POST', `${apps()}/${app!.id}/approve`, { token: org.admin.token })).status,
      ).toBe(200);
    const mail = await mailTo(h, email);
    expect(mail).toHaveLength(1);
    return { link, app: app!, mail: mail[0]! };
  }
  return { membershipOf, appliedAndApproved };
}
