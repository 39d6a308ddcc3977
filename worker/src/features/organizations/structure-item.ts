/**
 * What the routes that change one department or workspace share: the item, read with the caller's
 * lookup (http/read-as-member.ts) for those who may manage the organization's structure; anyone else
 * is refused (403) once admitted, having read nothing.
 */
import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from '../../db/client';
import type { AppContext } from '../../env';
import { readAsMember } from '../../http/read-as-member';
import { actorOf } from '../../http/router';
import { can, ensure } from './permissions';

export async function structureItemToChange<Q extends BatchItem<'sqlite'>>(
  c: AppContext,
  statement: (db: Db, orgId: string, id: string) => Q,
  id: string,
): Promise<Awaited<Q>> {
  const found = await readAsMember(c, (caller) =>
    can.manageStructure(caller) ? statement(c.var.services.db, caller.orgId, id) : null,
  );
  ensure(can.manageStructure(actorOf(c)));
  // Built for every role that may manage the structure, so there is an answer past `ensure`.
  return found as Awaited<Q>;
}
