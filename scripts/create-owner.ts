/**
 * The first organization and its owner on a remote database (Turso), for a Worker deployment: the
 * Worker never creates them itself. Applies any migrations not yet applied, then, on a database
 * without organizations, creates ORG_NAME with OWNER_EMAIL as owner and prints the password
 * (OWNER_PASSWORD, or a random one shown this once). On a database that has organizations it
 * changes nothing.
 *
 *   DATABASE_URL=libsql://… DATABASE_AUTH_TOKEN=… OWNER_EMAIL=you@example.com ORG_NAME="Acme" npx tsx scripts/create-owner.ts
 */
import { ensureFirstOrganization } from '../worker/src/bootstrap';
import { parseEnv } from '../worker/src/config';
import { nodeScrypt, openDatabase } from '../worker/src/entry/node-runtime';
import { createPasswordHasher } from '../worker/src/lib/password';

async function main() {
  if (!process.env.DATABASE_URL)
    throw new Error('Set DATABASE_URL (and DATABASE_AUTH_TOKEN) to the database the Worker uses');
  const env = parseEnv(process.env);
  const { db, close } = await openDatabase(env.DATABASE_URL, env.DATABASE_AUTH_TOKEN);
  try {
    const first = await ensureFirstOrganization(
      db,
      createPasswordHasher(nodeScrypt),
      { orgName: env.ORG_NAME, email: env.OWNER_EMAIL, password: env.OWNER_PASSWORD },
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
