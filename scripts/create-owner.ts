/**
 * The first organization and its owner on a remote database (Turso), for a Worker deployment: the
 * Worker never creates them itself. Applies any migrations not yet applied, then, on a database
 * without organizations, creates ORG_NAME with OWNER_EMAIL as owner and prints the password
 * (OWNER_PASSWORD, or a random one shown this once). On a database that has organizations it
 * changes nothing. `--name "Display Name"` is the owner's name, which mails show ("Ada Lovelace
 * invited you"); without it the account is called "Owner".
 *
 *   DATABASE_URL=libsql://… DATABASE_AUTH_TOKEN=… OWNER_EMAIL=you@example.com ORG_NAME="Acme" npx tsx scripts/create-owner.ts --name "Ada Lovelace"
 */
import { parseArgs } from 'node:util';
import { personNameSchema } from '../shared/api/common';
import { ensureFirstOrganization } from '../worker/src/bootstrap';
import { parseEnv } from '../worker/src/config';
import { nodeScrypt, openDatabase } from '../worker/src/entry/node-runtime';
import { createPasswordHasher } from '../worker/src/lib/password';

async function main() {
  const { values } = parseArgs({ options: { name: { type: 'string' } } });
  const ownerName = values.name === undefined ? undefined : personNameSchema.safeParse(values.name);
  if (ownerName && !ownerName.success)
    throw new Error(`--name ${ownerName.error.issues[0]?.message ?? 'is not valid'}`);
  if (!process.env.DATABASE_URL)
    throw new Error('Set DATABASE_URL (and DATABASE_AUTH_TOKEN) to the database the Worker uses');
  const env = parseEnv(process.env);
  const { db, close } = await openDatabase(env.DATABASE_URL, env.DATABASE_AUTH_TOKEN);
  try {
    const first = await ensureFirstOrganization(
      db,
      createPasswordHasher(nodeScrypt),
      {
        orgName: env.ORG_NAME,
        email: env.OWNER_EMAIL,
        password: env.OWNER_PASSWORD,
        ownerName: ownerName?.data,
      },
      Date.now(),
    );
    if (!first) {
      console.log(`${env.DATABASE_URL} already has an organization; nothing was changed.`);
      return;
    }
    console.log(`Created "${env.ORG_NAME}" on ${env.DATABASE_URL}.`);
    console.log(
      `  owner login: ${first.email} / ${first.generated ? `${first.password}   (generated; shown this once)` : '(the OWNER_PASSWORD you set)'}`,
    );
  } finally {
    close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
