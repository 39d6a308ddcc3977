/**
 * Quick query: find invitees (applications, invitations, members) by name, e-mail or phone, with
 * their status. One round trip: the query travels with the caller's lookup.
 */
import { searchQuerySchema, type SearchResponse } from '../../../../shared/api/search';
import { quickSearchItems, quickSearchStatement } from './quick-search';
import { requireBearer } from '../../http/middleware/auth';
import { query } from '../../http/middleware/validate';
import { readAsMember } from '../../http/read-as-member';
import { checkedRouter } from '../../http/router';

export const searchRoutes = checkedRouter().get(
  '/',
  requireBearer,
  query(searchQuerySchema),
  async (c) => {
    const s = c.var.services;
    const { q, limit } = c.req.valid('query');
    const rows = await readAsMember(c, (caller) => quickSearchStatement(s, caller, q, limit));
    return c.json({ items: quickSearchItems(rows ?? [], s.now()) } satisfies SearchResponse);
  },
);
