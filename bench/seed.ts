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
import { searchTextOf } from '../worker/src/features/search/search';

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

const FIRST = [
  'ivan',
  'anna',
  'maria',
  'alex',
  'olga',
  'peter',
  'sofia',
  'james',
  'li',
  'chen',
  'amir',
  'fatima',
  'lucas',
  'emma',
  'noah',
  'mia',
  'yuki',
  'hana',
  'omar',
  'leila',
  'david',
  'sara',
  'igor',
  'nina',
  'pavel',
  'elena',
  'tom',
  'julia',
  'ravi',
  'priya',
  'kofi',
  'ama',
  'jan',
  'eva',
  'luis',
  'carmen',
  'mehmet',
  'ayse',
  'sven',
  'ingrid',
];
const LAST = [
  'petrov',
  'smith',
  'garcia',
  'muller',
  'rossi',
  'kowalski',
  'novak',
  'tanaka',
  'wang',
  'kim',
  'nguyen',
  'silva',
  'jensen',
  'dubois',
  'costa',
  'popescu',
  'horvat',
  'ivanova',
  'larsen',
  'okafor',
  'mensah',
  'haddad',
  'sato',
  'lopez',
  'meyer',
  'fischer',
  'weber',
  'young',
  'brown',
  'taylor',
  'wilson',
  'moore',
  'clark',
  'lewis',
  'walker',
  'hall',
  'allen',
  'king',
  'wright',
  'scott',
];
const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1);

/** A small deterministic generator (mulberry32), so every run has the same names. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Inserts `count` rows made by `row(i)` with multi-row INSERTs of `perStatement` rows, `perTx` rows
 * per transaction. The table's secondary indexes are dropped first and made again from their own
 * SQL afterwards (building an index from sorted keys is much faster than growing it one random key
 * at a time); the database ends with exactly the schema the migrations made. Triggers, and the
 * indexes they look things up by, stay in place.
 */
function bulkInsert(
  db: Database.Database,
  table: string,
  columns: string[],
  count: number,
  row: (i: number) => unknown[],
  perStatement = 200,
  perTx = 50_000,
) {
  const placeholders = (n: number) =>
    Array.from({ length: n }, () => `(${columns.map(() => '?').join(',')})`).join(',');
  const indexes = db
    .prepare(
      "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
    )
    .all(table) as { name: string; sql: string }[];
  for (const { name } of indexes) db.exec(`DROP INDEX ${name}`);
  const full = db.prepare(
    `INSERT INTO ${table} (${columns.join(',')}) VALUES ${placeholders(perStatement)}`,
  );
  for (let start = 0; start < count; start += perTx) {
    const end = Math.min(count, start + perTx);
    db.exec('BEGIN');
    for (let i = start; i < end; i += perStatement) {
      const n = Math.min(perStatement, end - i);
      const values: unknown[] = [];
      for (let j = 0; j < n; j++) values.push(...row(i + j));
      (n === perStatement
        ? full
        : db.prepare(`INSERT INTO ${table} (${columns.join(',')}) VALUES ${placeholders(n)}`)
      ).run(...values);
    }
    db.exec('COMMIT');
  }
  for (const { sql } of indexes) db.exec(sql);
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

  const random = rng(7);
  const name = () =>
    [
      FIRST[Math.floor(random() * FIRST.length)]!,
      LAST[Math.floor(random() * LAST.length)]!,
    ] as const;
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
