/**
 * The lists' `q` filter gives the same pages whichever shape it runs in (db/search-index.ts
 * `listPage`): read from the hits when they are few, or walking the list index newest first when
 * they are many. Every list is read page by page, following nextCursor to the end, and compared
 * with a reference made without the search index: the ids the same list shows without `q` (same
 * filters, same person), kept to the people whose words start with every word of the query, in
 * newest-first order of the times the test gave them. Creation times are shuffled and shared, so an
 * order by insertion, by id or by the hits would show, and so would a dropped filter.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { applications, memberships } from '../../worker/src/db/schema';
import type { Org } from '../helpers/fresh';
import type { Harness } from '../helpers/harness';
import { addPerson, HOUR } from '../helpers/invitations';
import { apply, createLink } from '../helpers/links';
import { listSearchPages } from '../helpers/list-search';
import { orgWithRoles } from '../helpers/seed';

let h: Harness;
let org: Org;
/** When the test's people start to arrive: a minute after the organization was made. */
let start: number;
const { people, expectSamePages } = listSearchPages((s) => ({ h, org, start } = s));

describe('the q filter gives the same pages from few hits as from many', () => {
  it('invitations: every status, and what a member may see', async () => {
    const created = new Map<string, { first: string; last: string; email: string; at: number }>();
    const ids: string[] = [];
    const other = await orgWithRoles(h, 'Other');
    for (const p of people('x').slice(0, 6)) {
      const res = await h.call('POST', `/api/orgs/${other.orgId}/invitations`, {
        token: other.owner.token,
        body: { email: p.email, role: 'member', profile: { firstName: p.first, lastName: p.last } },
      });
      expect(res.status, res.text).toBe(201);
    }
    for (const [i, p] of people('i').entries()) {
      // Every fifth one was sent long ago and has run out.
      const at = i % 5 === 1 ? p.at - 100 * HOUR : p.at;
      h.clock.set(at);
      const res = await h.call('POST', `/api/orgs/${org.orgId}/invitations`, {
        token: org.owner.token,
        body: { email: p.email, role: 'member', profile: { firstName: p.first, lastName: p.last } },
      });
      expect(res.status, res.text).toBe(201);
      created.set(res.body.invitation.id, { ...p, at });
      ids.push(res.body.invitation.id);
    }
    h.clock.set(start + HOUR);
    for (const id of ids.filter((_, i) => i % 5 === 3))
      expect(
        (
          await h.call('DELETE', `/api/orgs/${org.orgId}/invitations/${id}`, {
            token: org.owner.token,
          })
        ).status,
      ).toBe(204);
    const list = { list: 'invitations', created, idOf: (i: Record<string, string>) => i.id! };
    // How many each query finds, per filter: none, pending, expired, canceled (× ivan, zakhar, ivan
    // pet, nobody).
    expect(
      await expectSamePages({
        ...list,
        filters: ['', 'status=pending', 'status=expired', 'status=canceled'],
      }),
    ).toEqual([12, 4, 5, 0, 8, 2, 3, 0, 2, 1, 2, 0, 2, 1, 0, 0]);
    // A member sees only the invitations they sent: none of these.
    expect(await expectSamePages({ ...list, filters: [''], token: org.member.token })).toEqual([
      0, 0, 0, 0,
    ]);
  });

  it('members: by status, invitation state and registration date', async () => {
    const created = new Map<string, { first: string; last: string; email: string; at: number }>();
    const ids: string[] = [];
    const other = await orgWithRoles(h, 'Other');
    for (const p of people('x').slice(0, 6))
      await addPerson(h, other.orgId, other.owner.token, {
        firstName: p.first,
        lastName: p.last,
        email: p.email,
      });
    for (const p of people('m')) {
      h.clock.set(p.at);
      const id = await addPerson(h, org.orgId, org.owner.token, {
        firstName: p.first,
        lastName: p.last,
        email: p.email,
      });
      created.set(id, p);
      ids.push(id);
    }
    h.clock.set(start + HOUR);
    await h.db
      .update(memberships)
      .set({ status: 'active' })
      .where(
        inArray(
          memberships.userId,
          ids.filter((_, i) => i % 3 === 0),
        ),
      );
    await h.db
      .update(memberships)
      .set({ invitationState: 'queued' })
      .where(
        inArray(
          memberships.userId,
          ids.filter((_, i) => i % 5 === 2),
        ),
      );
    // A third of them joined a month from now; the organization's own people joined before today.
    await h.db
      .update(memberships)
      .set({ activatedAt: start + 30 * 86_400_000 })
      .where(
        and(
          eq(memberships.orgId, org.orgId),
          inArray(
            memberships.userId,
            ids.filter((_, i) => i % 3 === 1),
          ),
        ),
      );
    const fortnight = new Date(start + 15 * 86_400_000).toISOString().slice(0, 10);
    const found = await expectSamePages({
      list: 'members',
      created,
      idOf: (m) => m.userId!,
      filters: [
        '',
        'status=pending',
        'status=active',
        'invitation=queued',
        `registeredFrom=${fortnight}`,
        'status=pending&invitation=not_invited',
      ],
    });
    expect(found).toEqual([
      12, 4, 5, 0, 8, 0, 3, 0, 4, 4, 2, 0, 3, 0, 0, 0, 4, 0, 2, 0, 6, 0, 3, 0,
    ]);
  });

  it('applications: by status and link, and what a member may see (their own link)', async () => {
    const created = new Map<string, { first: string; last: string; email: string; at: number }>();
    const ids: string[] = [];
    const ownerLink = await createLink(h, org.orgId, org.owner.token);
    const memberLink = await createLink(h, org.orgId, org.member.token);
    const other = await orgWithRoles(h, 'Other');
    const otherLink = await createLink(h, other.orgId, other.owner.token);
    for (const [i, p] of people('x').slice(0, 6).entries())
      expect(
        (
          await apply(
            h,
            otherLink.token,
            { name: `${p.first} ${p.last}`, email: p.email },
            `10.2.0.${i}`,
          )
        ).status,
      ).toBe(201);
    for (const [i, p] of people('a').entries()) {
      h.clock.set(p.at);
      const res = await apply(
        h,
        (i % 4 === 1 || i % 4 === 2 ? memberLink : ownerLink).token,
        { name: `${p.first} ${p.last}`, email: p.email },
        `10.1.0.${i}`,
      );
      expect(res.status, res.text).toBe(201);
      const [row] = await h.db
        .select({ id: applications.id })
        .from(applications)
        .where(eq(applications.email, p.email));
      created.set(row!.id, p);
      ids.push(row!.id);
    }
    h.clock.set(start + HOUR);
    for (const id of ids.filter((_, i) => i % 5 === 1))
      expect(
        (
          await h.call('POST', `/api/orgs/${org.orgId}/applications/${id}/reject`, {
            token: org.owner.token,
            body: {},
          })
        ).status,
      ).toBe(200);
    const list = { list: 'applications', created, idOf: (a: Record<string, string>) => a.id! };
    expect(
      await expectSamePages({
        ...list,
        filters: [
          '',
          'status=pending',
          'status=rejected',
          `linkId=${memberLink.id}`,
          `status=pending&linkId=${ownerLink.id}`,
        ],
      }),
    ).toEqual([12, 4, 5, 0, 10, 3, 3, 0, 2, 1, 2, 0, 6, 2, 2, 0, 5, 2, 2, 0]);
    expect(
      await expectSamePages({ ...list, filters: ['', 'status=rejected'], token: org.member.token }),
    ).toEqual([6, 2, 2, 0, 1, 1, 1, 0]);
  });
});
