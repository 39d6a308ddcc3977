/**
 * The server operator's organization commands, on the database of DATABASE_URL (the local file by
 * default):
 *
 *   npm run org:create -- --name "Acme" --owner you@example.com [--owner-name "Ada Lovelace"] [--password "…"]
 *   npm run org:quota -- --org <id or slug> --per-hour 2000 --per-day 20000     (or --default, the server's again)
 *   npm run org:list
 *
 * With `ORG_CREATION=nobody` this is how organizations come to be. A new owner account gets the
 * given password or a random one printed once; an existing account simply becomes the owner. A
 * quota is what one organization may send an hour and a day (docs/SECURITY.md); without its own,
 * the server's ORG_MESSAGES_PER_HOUR / _PER_DAY hold.
 */
import { parseArgs } from 'node:util';
import { emailSchema, passwordSchema, personNameSchema } from '../shared/api/common';
import { orgNameSchema } from '../shared/api/orgs';
import { eq, or } from 'drizzle-orm';
import { createOrganizationWithOwner } from '../worker/src/bootstrap';
import { abuseSettings, parseEnv } from '../worker/src/config';
import type { Db } from '../worker/src/db/client';
import { organizations } from '../worker/src/db/schema';
import { nodeScrypt, openDatabase } from '../worker/src/entry/node-runtime';
import { createPasswordHasher } from '../worker/src/lib/password';
import { quotaOf, quotaUsage } from '../worker/src/features/organizations/quota';

const HELP = `Usage:
  npm run org:create -- --name "Acme" --owner you@example.com [--owner-name "Ada Lovelace"] [--password "at least 10 characters"]
  npm run org:quota -- --org <id or slug> (--per-hour N --per-day N | --default)
  npm run org:list
Works on DATABASE_URL (and DATABASE_AUTH_TOKEN); default file:./data/invitations.db.`;

async function create(db: Db, values: Record<string, string | boolean | undefined>) {
  const name = orgNameSchema.safeParse(values.name ?? '');
  const owner = emailSchema.safeParse(values.owner ?? '');
  if (!name.success)
    throw new Error(`--name ${name.error.issues[0]?.message ?? 'is not valid'}\n${HELP}`);
  if (!owner.success)
    throw new Error(`--owner ${owner.error.issues[0]?.message ?? 'is not valid'}\n${HELP}`);
  const password = typeof values.password === 'string' ? values.password : undefined;
  if (password !== undefined && !passwordSchema.safeParse(password).success)
    throw new Error('--password must be 10 to 200 characters');
  const ownerName =
    typeof values['owner-name'] === 'string'
      ? personNameSchema.safeParse(values['owner-name'])
      : undefined;
  if (ownerName && !ownerName.success)
    throw new Error(`--owner-name ${ownerName.error.issues[0]?.message ?? 'is not valid'}`);
  const made = await createOrganizationWithOwner(
    db,
    createPasswordHasher(nodeScrypt),
    { orgName: name.data, email: owner.data, password, ownerName: ownerName?.data },
    Date.now(),
  );
  console.log(`Created "${name.data}" (${made.orgId}) with ${owner.data} as its owner.`);
  if (made.password && made.generated)
    console.log(`  owner login: ${owner.data} / ${made.password}   (generated; shown this once)`);
  else if (!made.newAccount)
    console.log(`  ${owner.data} already had an account; they sign in with it.`);
}

async function findOrg(db: Db, ref: string) {
  const [org] = await db
    .select()
    .from(organizations)
    .where(or(eq(organizations.id, ref), eq(organizations.slug, ref)))
    .limit(1);
  if (!org) throw new Error(`No organization with the id or slug ${ref}`);
  return org;
}

async function quota(
  db: Db,
  values: Record<string, string | boolean | undefined>,
  defaults: { perHour: number; perDay: number },
) {
  const org = await findOrg(db, String(values.org ?? ''));
  const count = (flag: string) => {
    const n = Number(values[flag]);
    if (!Number.isInteger(n) || n < 1 || n > 10_000_000)
      throw new Error(`--${flag} must be a whole number from 1 to 10000000`);
    return n;
  };
  const next = values.default
    ? { messagesPerHour: null, messagesPerDay: null }
    : { messagesPerHour: count('per-hour'), messagesPerDay: count('per-day') };
  await db.update(organizations).set(next).where(eq(organizations.id, org.id));
  const q = quotaOf(next, defaults);
  console.log(
    `"${org.name}" (${org.id}) may now send ${q.perHour} messages an hour and ${q.perDay} a day${values.default ? ' (the server’s defaults)' : ''}.`,
  );
}

async function list(db: Db, defaults: { perHour: number; perDay: number }) {
  const now = Date.now();
  for (const org of await db.select().from(organizations).orderBy(organizations.createdAt)) {
    const q = quotaOf(org, defaults);
    const used = await quotaUsage(db, org.id, now);
    console.log(
      `${org.id}  ${org.slug}  "${org.name}"  quota ${q.perHour}/h ${q.perDay}/day, sent ${used.hour} in the last hour, ${used.day} in the last day`,
    );
  }
}

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  const { values } = parseArgs({
    args: rest,
    options: {
      name: { type: 'string' },
      owner: { type: 'string' },
      'owner-name': { type: 'string' },
      password: { type: 'string' },
      org: { type: 'string' },
      'per-hour': { type: 'string' },
      'per-day': { type: 'string' },
      default: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help || !command || !['create', 'quota', 'list'].includes(command)) {
    console.log(HELP);
    if (!values.help) process.exitCode = 1;
    return;
  }
  const env = parseEnv(process.env);
  const { db, close } = await openDatabase(env.DATABASE_URL, env.DATABASE_AUTH_TOKEN);
  try {
    const defaults = abuseSettings(env).messageQuota;
    if (command === 'create') await create(db, values);
    else if (command === 'quota') await quota(db, values, defaults);
    else await list(db, defaults);
  } finally {
    close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
