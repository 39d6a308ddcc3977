/**
 * Quick query: find invitees (applications, invitations, members) by name, e-mail or phone, with
 * their status.
 */
import { searchQuerySchema, type SearchResponse } from '../../../../shared/api/search';
import { quickSearch } from './quick-search';
import { query } from '../../http/middleware/validate';
import { actorOf, orgRouter } from '../../http/router';

export const searchRoutes = orgRouter().get('/', query(searchQuerySchema), async (c) => {
  const { q, limit } = c.req.valid('query');
  const items = await quickSearch(c.var.services, c.var.org.id, actorOf(c), q, limit);
  return c.json({ items } satisfies SearchResponse);
});
