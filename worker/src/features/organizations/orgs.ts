/** Organizations: creating one with its owner, reading settings with defaults filled in. */
import { DEFAULT_ORG_SETTINGS, type OrgDto, type OrgSettings } from '../../../../shared/api/orgs';
import type { Db } from '../../db/client';
import { iso } from '../../db/pagination';
import { memberships, organizations } from '../../db/schema';
import { randomBytes, toBase64Url } from '../../lib/encoding';
import { newId } from '../../lib/ids';

export function slugify(name: string): string {
  const base = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return `${base || 'org'}-${toBase64Url(randomBytes(4))
    .toLowerCase()
    .replace(/[^a-z0-9]/g, 'x')}`;
}

export const withDefaults = (s: Partial<OrgSettings> | null | undefined): OrgSettings => ({
  ...DEFAULT_ORG_SETTINGS,
  ...s,
});

/** The statements that create an organization and make `ownerId` its active owner. */
export function createOrganization(
  db: Db,
  input: { name: string; ownerId: string; ownerName: string; ownerEmail: string | null },
  now: number,
) {
  const id = newId();
  const [firstName, ...rest] = input.ownerName.split(' ');
  const statements = [
    db.insert(organizations).values({
      id,
      slug: slugify(input.name),
      name: input.name,
      settings: DEFAULT_ORG_SETTINGS,
      createdAt: now,
    }),
    db.insert(memberships).values({
      orgId: id,
      userId: input.ownerId,
      role: 'owner',
      status: 'active',
      firstName: firstName ?? null,
      lastName: rest.join(' ') || null,
      source: 'created',
      searchText: [input.ownerName, input.ownerEmail ?? ''].join(' ').toLowerCase(),
      createdAt: now,
      activatedAt: now,
      updatedAt: now,
    }),
  ] as const;
  return { id, statements };
}

export function toOrgDto(
  org: { id: string; name: string; slug: string; createdAt: number; settings: OrgSettings },
  withSettings: boolean,
): OrgDto {
  return {
    id: org.id,
    name: org.name,
    slug: org.slug,
    createdAt: iso(org.createdAt),
    ...(withSettings ? { settings: withDefaults(org.settings) } : {}),
  };
}
