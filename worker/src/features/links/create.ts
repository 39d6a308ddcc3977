/**
 * Creating a general invitation link: the options the caller may choose (`linkOptions`), then one
 * batch with the link and its audit event.
 */
import type { CreateLinkRequest, LinkDto } from '../../../../shared/api/links';
import { inviteLinks } from '../../db/schema';
import type { Services } from '../../env';
import { auditActor, auditEvent } from '../organizations/audit';
import { withDefaults } from '../organizations/orgs';
import { linkOptions, newLinkRow } from './links';
import { orgLinkDto, orgLinkStatement, type LinkCaller } from './org-link';

export interface CreateLinkInput extends LinkCaller {
  /** The caller's name, shown as the new link's creator. */
  request: CreateLinkRequest;
}

export async function createLink(s: Services, input: CreateLinkInput): Promise<LinkDto> {
  const { db } = s;
  const { org, actor } = input;
  const t = s.now();
  const options = await linkOptions(
    db,
    actor,
    org.id,
    withDefaults(org.settings),
    input.request,
    t,
  );
  const link = newLinkRow(org.id, actor, options, t);
  // The link is read back in the batch that writes it, with its creator as the organization knows
  // them (org-link.ts creatorOf), never the account's own name.
  const written = await db.batch([
    db.insert(inviteLinks).values(link),
    auditEvent(
      db,
      {
        orgId: link.orgId,
        actorId: auditActor(actor),
        action: 'link.create',
        targetType: 'link',
        targetId: link.id,
        detail: { ...options },
      },
      t,
    ),
    orgLinkStatement(s, org.id, link.id),
  ]);
  const [row] = written.at(-1) as Awaited<ReturnType<typeof orgLinkStatement>>;
  return orgLinkDto(s, org, link, row?.creator ?? { name: '', role: org.role });
}
