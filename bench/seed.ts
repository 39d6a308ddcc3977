/**
 * Seeds a benchmark database before its server starts: the product's migrations and first
 * organization (through the product's own code), then people in bulk with multi-row INSERTs
 * straight into the libSQL file (the `libsql` native module, one transaction per chunk). The search
 * index triggers of migration 0001_search_index fire on every inserted row, as they would for rows
 * the API writes.
 *
 * An organization of size N holds N personal invitations (80 % pending, the rest accepted, canceled
 * or expired), `members` pending members with an e-mail address (the bulk "send invitation"
 * targets) and `applications` pending applications through one general link. Names come from a
 * fixed pseudo-random sequence, so every run searches the same data.
 */
import Database from 'libsql';
import { eq } from 'drizzle-orm';
import { ensureFirstOrganization } from '../worker/src/bootstrap';
import { users } from '../worker/src/db/schema';
import { nodeScrypt, openDatabase } from '../worker/src/entry/node-runtime';
import { newId, newNonce } from '../worker/src/lib/ids';
import { createPasswordHasher } from '../worker/src/lib/password';
import { searchTextOf } from '../worker/src/db/search-index';
import { bulkInsert } from './bulk-insert';
import { cap, nameSequence } from './seed-names';

export const OWNER = {
  email: 'owner@bench.test',
  password: 'bench-owner-password',
  orgName: 'Bench Org',
};

export interface SeedSpec {
  invitations: number;
  members: number;
  applications: number;
}

export interface Seeded {
  file: string;
  orgId: string;
  ownerId: string;
  linkId: string;
  /** Pending members' user ids, oldest first. */
  memberIds: string[];
  spec: SeedSpec;
  /** Wall time of the whole seeding, migrations included, and per table. */
  ms: { total: number; invitations: number; members: number; applications: number };
  /** Size of the database file (and its WAL) after seeding. */
  bytes: number;
}

export async function seedDatabase(
  file: string,
  spec: SeedSpec,
  now = Date.now(),
): Promise<Seeded> {
  const started = performance.now();
  // Migrations and the first organization and owner, exactly as the server's first start makes
  // them.
  const { db: orm, close } = await openDatabase(`file:${file}`);
  const first = await ensureFirstOrganization(
    orm,
    createPasswordHasher(nodeScrypt),
    { orgName: OWNER.orgName, email: OWNER.email, password: OWNER.password },
    now - 90 * 86400_000,
  );
  if (!first) throw new Error(`${file} is not empty`);
  const [owner] = await orm
    .select({ id: users.id })
    .from(users)
    .where(eq(users.email, OWNER.email));
  close();
  const orgId = first.orgId;
  const ownerId = owner!.id;

  // Nobody else uses the file while it is seeded: no syncs, and one checkpoint at the end.
  const db = new Database(file);
  db.exec(
    'PRAGMA synchronous = OFF; PRAGMA wal_autocheckpoint = 0; PRAGMA cache_size = -524288; PRAGMA temp_store = MEMORY',
  );
  const linkId = newId();
  db.prepare(
    'INSERT INTO invite_links (id, org_id, created_by, token_nonce, role, requires_approval, use_count, expires_at, created_at) VALUES (?,?,?,?,?,?,?,?,?)',
  ).run(
    linkId,
    orgId,
    ownerId,
    newNonce(),
    'member',
    1,
    spec.applications,
    null,
    now - 60 * 86400_000,
  );

  const name = nameSequence(7);
  const ttl = now + 72 * 3600_000;
  // Oldest first, one second apart, all before `now`: the newest-first lists start at the end of
  // what was seeded.
  const at = (i: number, count: number) => now - (count - i) * 1000;

  let t = performance.now();
  const STATUS = [
    'pending',
    'pending',
    'pending',
    'pending',
    'pending',
    'pending',
    'pending',
    'pending',
    'accepted',
    'canceled',
    'expired',
  ] as const;
  bulkInsert(
    db,
    'invitations',
    [
      'id',
      'org_id',
      'email',
      'channel',
      'role',
      'profile',
      'status',
      'token_nonce',
      'expires_at',
      'created_by',
      'search_text',
      'created_at',
      'updated_at',
    ],
    spec.invitations,
    (i) => {
      const [f, l] = name();
      const email = `${f}.${l}.i${i}@example.com`;
      const created = at(i, spec.invitations);
      const status = STATUS[i % STATUS.length]!;
      return [
        newId(),
        orgId,
        email,
        'email',
        'member',
        JSON.stringify({ firstName: cap(f), lastName: cap(l) }),
        status,
        newNonce(),
        status === 'expired' ? created : ttl,
        ownerId,
        searchTextOf({ names: [f, l], email }),
        created,
        created,
      ];
    },
  );
  const invitationsMs = performance.now() - t;

  t = performance.now();
  const memberIds: string[] = [];
  const memberNames: (readonly [string, string])[] = [];
  for (let i = 0; i < spec.members; i++) {
    memberIds.push(newId());
    memberNames.push(name());
  }
  bulkInsert(db, 'users', ['id', 'email', 'name', 'created_at'], spec.members, (i) => {
    const [f, l] = memberNames[i]!;
    return [
      memberIds[i],
      `${f}.${l}.m${i}@example.com`,
      `${cap(f)} ${cap(l)}`,
      at(i, spec.members),
    ];
  });
  bulkInsert(
    db,
    'memberships',
    [
      'org_id',
      'user_id',
      'role',
      'status',
      'first_name',
      'last_name',
      'invitation_state',
      'source',
      'search_text',
      'created_at',
      'updated_at',
    ],
    spec.members,
    (i) => {
      const [f, l] = memberNames[i]!;
      const created = at(i, spec.members);
      return [
        orgId,
        memberIds[i],
        'member',
        'pending',
        cap(f),
        cap(l),
        'not_invited',
        'added',
        searchTextOf({ names: [f, l], email: `${f}.${l}.m${i}@example.com` }),
        created,
        created,
      ];
    },
  );
  const membersMs = performance.now() - t;

  t = performance.now();
  bulkInsert(
    db,
    'applications',
    [
      'id',
      'org_id',
      'link_id',
      'inviter_id',
      'name',
      'email',
      'status',
      'search_text',
      'created_at',
    ],
    spec.applications,
    (i) => {
      const [f, l] = name();
      const email = `${f}.${l}.a${i}@example.com`;
      return [
        newId(),
        orgId,
        linkId,
        ownerId,
        `${cap(f)} ${cap(l)}`,
        email,
        'pending',
        searchTextOf({ names: [f, l], email }),
        at(i, spec.applications),
      ];
    },
  );
  const applicationsMs = performance.now() - t;

  db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  db.close();
  const { statSync } = await import('node:fs');
  const bytes = statSync(file).size;
  return {
    file,
    orgId,
    ownerId,
    linkId,
    memberIds,
    spec,
    ms: {
      total: performance.now() - started,
      invitations: invitationsMs,
      members: membersMs,
      applications: applicationsMs,
    },
    bytes,
  };
}
