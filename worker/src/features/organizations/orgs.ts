/**
 * Organizations: creating one with its owner (the caller, unless the server lets only its operator
 * create them: `ORG_CREATION=nobody`), reading settings with defaults filled in.
 */
import { eq, sql, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import { DEFAULT_ORG_SETTINGS, type OrgDto, type OrgSettings } from '../../../../shared/api/orgs';
import type { Db } from '../../db/client';
import { iso } from '../../db/pagination';
import { memberships, organizations } from '../../db/schema';
import type { Services } from '../../env';
import { randomBytes, toBase64Url } from '../../lib/encoding';
import { newId } from '../../lib/ids';
import { hitOf, tooMany } from '../../lib/rate-limit';
import { auditEvent } from './audit';
import { ensure } from './permissions';

/** Organizations one account, and one client, may create in a day when `ORG_CREATION=anyone`. */
export const ORG_CREATION_LIMITS = { perAccount: 3, perClient: 10, windowMs: 24 * 3600_000 };

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

/**
 * What someone arriving through a link or a message reads of the organization (its name, settings
 * and message quota), as columns of a statement that reads more.
 */
export const arrivalOrgColumns = {
  id: organizations.id,
  name: organizations.name,
  settings: organizations.settings,
  messagesPerHour: organizations.messagesPerHour,
  messagesPerDay: organizations.messagesPerDay,
  logoEtag: organizations.logoEtag,
};

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

/**
 * A signed-in person creates an organization and becomes its owner: only where the server lets
 * anyone (`ORG_CREATION=anyone`), and only so many a day.
 */
export async function createOrganizationAsOwner(
  s: Services,
  input: {
    user: { id: string; name: string; email: string | null };
    clientIp: string;
    name: string;
  },
  /** What `orgCreationCounting`'s statements answered, when they were sent. */
  counted?: unknown[],
): Promise<OrgDto> {
  const { db, now, config } = s;
  const { user, name } = input;
  ensure(
    config.orgCreation === 'anyone',
    'On this server only its operator creates organizations; ask them for one',
  );
  // Each organization has its own message quota: how many one account (or one client) may create
  // decides how far a spammer's quota reaches.
  const rules = orgCreationRules(user.id, input.clientIp);
  const refused = counted?.length
    ? tooMany(counted.map((answer, i) => hitOf(answer, rules[i]!, now())))
    : tooMany(await s.rateLimiter.hitAll(rules, now()));
  if (refused) throw refused;
  const t = now();
  const org = createOrganization(
    db,
    { name, ownerId: user.id, ownerName: user.name, ownerEmail: user.email },
    t,
  );
  const written = await db.batch([
    ...org.statements,
    auditEvent(
      db,
      {
        orgId: org.id,
        actorId: user.id,
        action: 'org.create',
        targetType: 'org',
        targetId: org.id,
        detail: { name },
      },
      t,
    ),
    db.select().from(organizations).where(eq(organizations.id, org.id)),
  ]);
  const [row] = written.at(-1) as (typeof organizations.$inferSelect)[];
  return toOrgDto(row!, true);
}

const orgCreationRules = (userKey: string, clientIp: string) => [
  {
    key: `org:create:${userKey}`,
    limit: ORG_CREATION_LIMITS.perAccount,
    windowMs: ORG_CREATION_LIMITS.windowMs,
  },
  {
    key: `org:create:client:${clientIp}`,
    limit: ORG_CREATION_LIMITS.perClient,
    windowMs: ORG_CREATION_LIMITS.windowMs,
  },
];

/**
 * On the database's counters, the counts of an organization's creation as statements that travel
 * with the caller's lookup (http/read-as-member.ts `readAllAsCaller`), the account named by the
 * session (`userId`); none where nobody may create one, or with counters in memory.
 */
export function orgCreationCounting(s: Services, userId: SQL, signedIn: SQL, clientIp: string) {
  if (s.config.orgCreation !== 'anyone') return [];
  const [account, client] = orgCreationRules('', clientIp);
  // Only for the token's own session: a request that is refused changes nothing.
  const when = signedIn;
  const counting = [
    s.rateLimiter.counting({ ...account!, key: sql`'org:create:' || ${userId}`, when }, s.now()),
    s.rateLimiter.counting({ ...client!, key: sql`${client!.key}`, when }, s.now()),
  ];
  return counting.every((c) => c !== null) ? (counting as BatchItem<'sqlite'>[]) : [];
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
