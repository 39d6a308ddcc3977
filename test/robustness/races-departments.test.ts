/**
 * Races over the department tree, through the real app: two departments moved under each other at
 * once. One move wins and the tree has no loop. The race runs on both databases of
 * test/helpers/races.ts.
 */
import { inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { departments } from '../../worker/src/db/schema';
import { createDepartment } from '../helpers/invitations';
import { expectErrorShape } from '../helpers/robustness';
import { h, org, onBothDatabases } from '../helpers/races';

onBothDatabases(() => {
  describe('two departments moved under each other at once', () => {
    it('one move wins, the other gets 422, and the tree has no loop', async () => {
      for (let i = 0; i < 4; i++) {
        const tag = `${h.clock.now().toString(36)}-${i}`;
        const a = await createDepartment(h, org.orgId, org.owner.token, `Loop A ${tag}`);
        const b = await createDepartment(h, org.orgId, org.owner.token, `Loop B ${tag}`);
        const replies = await Promise.all([
          h.call('PATCH', `/api/orgs/${org.orgId}/departments/${a}`, {
            token: org.owner.token,
            body: { parentId: b },
          }),
          h.call('PATCH', `/api/orgs/${org.orgId}/departments/${b}`, {
            token: org.owner.token,
            body: { parentId: a },
          }),
        ]);
        expect(replies.map((r) => r.status).sort()).toEqual([200, 422]);
        expectErrorShape(replies.find((r) => r.status === 422)!);
        const rows = await h.db
          .select()
          .from(departments)
          .where(inArray(departments.id, [a, b]));
        expect(rows.filter((d) => d.parentId !== null)).toHaveLength(1);
      }
    });
  });
});
