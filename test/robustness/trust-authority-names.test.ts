/**
 * The trust review's findings about names (docs/SECURITY.md): the join page and the applications
 * name a link's creator and an application's reviewer as the organization knows them, never by the
 * name the account was given elsewhere.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { users } from '../../worker/src/db/schema';
import { apply, createLink, getPage } from '../helpers/links';
import { h, org, freshOrgWithRoles } from '../helpers/trust';

freshOrgWithRoles();

describe('the join page names the link’s creator as the organization knows them', () => {
  it('the name the organization gave its member, not the account’s name from elsewhere', async () => {
    await h.call('PATCH', `/api/orgs/${org.orgId}/members/${org.admin.id}`, {
      token: org.owner.token,
      body: { firstName: 'Ann', lastName: 'Admin' },
    });
    await h.db.update(users).set({ name: 'Name From Elsewhere' }).where(eq(users.id, org.admin.id));
    const link = await createLink(h, org.orgId, org.admin.token);
    expect((await h.call('GET', `/api/join/${link.token}`)).body.inviter).toEqual({
      name: 'Ann Admin',
    });
    const page = await getPage(h, `/join/${link.token}`);
    expect(page.text).toContain('Ann Admin');
    expect(page.text).not.toContain('Name From Elsewhere');
  });
});

describe('applications name their inviter and reviewer as the organization knows them', () => {
  it('in the list and the approve answer, never by the account’s name from elsewhere', async () => {
    await h.call('PATCH', `/api/orgs/${org.orgId}/members/${org.admin.id}`, {
      token: org.owner.token,
      body: { firstName: 'Ann', lastName: 'Admin' },
    });
    await h.db.update(users).set({ name: 'Name From Elsewhere' }).where(eq(users.id, org.admin.id));
    const link = await createLink(h, org.orgId, org.admin.token);
    expect(
      (await apply(h, link.token, { name: 'New Person', email: 'new-person@example.com' })).status,
    ).toBe(201);
    const listed = await h.call('GET', `/api/orgs/${org.orgId}/applications`, {
      token: org.admin.token,
    });
    const [app] = listed.body.items;
    expect(app.inviter.name).toBe('Ann Admin');
    const approved = await h.call('POST', `/api/orgs/${org.orgId}/applications/${app.id}/approve`, {
      token: org.admin.token,
    });
    expect([
      approved.body.application.inviter.name,
      approved.body.application.reviewer.name,
    ]).toEqual(['Ann Admin', 'Ann Admin']);
    expect(
      JSON.stringify(
        (
          await h.call('GET', `/api/orgs/${org.orgId}/applications?status=approved`, {
            token: org.admin.token,
          })
        ).body,
      ),
    ).not.toContain('Name From Elsewhere');
  });
});
