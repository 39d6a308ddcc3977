/**
 * `npm run check:deploy`: before (or after) `wrangler deploy`, says in plain words whether the
 * Worker's settings will work — run it with the values you give the Worker (wrangler.toml [vars]
 * and the secrets) in the environment:
 *
 *   DATABASE_URL=libsql://… DATABASE_AUTH_TOKEN=… TOKEN_SECRET=… PUBLIC_URL=https://… \
 *   RESEND_API_KEY=re_… MAIL_FROM="Invitations <invites@example.com>" npm run check:deploy
 *
 * Checks each setting against the Worker's own schema (config.ts `workerEnvSchema`), then reaches
 * the database the way the Worker does (`@libsql/client/web`, one request): reachable, token
 * accepted, every migration applied, an organization created. Prints one line per finding and
 * exits 1 when anything would stop the Worker from working, 0 when it is ready. Reads only; prints
 * no secret.
 */
import { createClient, type Client } from '@libsql/client/web';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { workerEnvSchema } from '../worker/src/config';
import { MIGRATIONS_FOLDER } from '../worker/src/db/migrate';

type Finding = { ok: boolean; line: string };

/** Where each required setting is given to the Worker. */
const HOW: Record<string, string> = {
  TOKEN_SECRET: 'npx wrangler secret put TOKEN_SECRET',
  DATABASE_AUTH_TOKEN: 'npx wrangler secret put DATABASE_AUTH_TOKEN',
  RESEND_API_KEY: 'npx wrangler secret put RESEND_API_KEY; without it no e-mail goes out',
};

/** What is wrong with the settings themselves, one line per variable. */
function settingsFindings(env: NodeJS.ProcessEnv): Finding[] {
  const parsed = workerEnvSchema.safeParse(env);
  const findings: Finding[] = parsed.success
    ? [{ ok: true, line: 'settings: every required setting is present and well-formed' }]
    : parsed.error.issues.map((i) => ({
        ok: false,
        line: `${i.path.join('.') || 'settings'}: ${i.message === 'is required' ? `missing: the Worker needs it (${HOW[String(i.path[0])] ?? 'wrangler.toml [vars]'})` : i.message}`,
      }));
  if (env.SMS_PROVIDER && !(env.SMS_ACCOUNT_SID && env.SMS_AUTH_TOKEN && env.SMS_FROM))
    findings.push({
      ok: false,
      line: 'SMS_ACCOUNT_SID, SMS_AUTH_TOKEN, SMS_FROM: all three are needed with SMS_PROVIDER',
    });
  return findings;
}

/** Why a request to the database failed, in the operator's words. */
function databaseProblem(err: unknown, url: string, hasToken: boolean): string {
  const e = err as { code?: string; message?: string; cause?: { code?: string } };
  const text = `${e.code ?? ''} ${e.message ?? ''}`;
  if (/UNAUTHORI[SZ]ED|\b401\b|\b403\b|authenticat|forbidden|token/i.test(text))
    return hasToken
      ? 'DATABASE_AUTH_TOKEN: the database refused this token (expired, revoked, or for another database: turso db tokens create <name>)'
      : 'DATABASE_AUTH_TOKEN: missing, and the database requires one (turso db tokens create <name>)';
  const cause = e.cause?.code ? ` (${e.cause.code})` : '';
  if (/fetch failed|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|network/i.test(text + cause))
    return `DATABASE_URL: cannot reach ${url}${cause}: check the address (turso db show --url <name>)`;
  return `DATABASE_URL: the database answered with an error: ${e.message ?? String(err)}`;
}

/** Reachable, token accepted, migrations applied, an organization there. */
async function databaseFindings(env: NodeJS.ProcessEnv): Promise<Finding[]> {
  const url = env.DATABASE_URL?.trim();
  if (!url || !/^(libsql|https?):\/\//.test(url)) return []; // said by the settings check
  const token = env.DATABASE_AUTH_TOKEN?.trim() || undefined;
  let client: Client;
  try {
    client = createClient(token ? { url, authToken: token } : { url });
  } catch (err) {
    return [{ ok: false, line: `DATABASE_URL: ${(err as Error).message}` }];
  }
  try {
    const [tables] = await client.batch(
      [
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('__drizzle_migrations', 'organizations')",
      ],
      'read',
    );
    const names = new Set(tables!.rows.map((r) => String(r.name)));
    const findings: Finding[] = [
      { ok: true, line: `database: reached ${url}${token ? ', token accepted' : ''}` },
    ];
    const files = readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER });
    let applied = 0;
    if (names.has('__drizzle_migrations')) {
      const rows = await client.execute('SELECT max(created_at) AS last FROM __drizzle_migrations');
      const last = Number(rows.rows[0]?.last ?? 0);
      applied = files.filter((f) => f.folderMillis <= last).length;
    }
    const pending = files.length - applied;
    findings.push(
      pending === 0
        ? { ok: true, line: `migrations: all ${files.length} applied` }
        : {
            ok: false,
            line: `migrations: ${pending} of ${files.length} pending: apply them with DATABASE_URL=… DATABASE_AUTH_TOKEN=… npx tsx scripts/create-owner.ts (docs/DEPLOY.md)`,
          },
    );
    if (names.has('organizations')) {
      const orgs = await client.execute('SELECT count(*) AS n FROM organizations');
      const n = Number(orgs.rows[0]?.n ?? 0);
      findings.push(
        n > 0
          ? { ok: true, line: `organizations: ${n}` }
          : {
              ok: false,
              line: 'organizations: none yet: create the first owner with scripts/create-owner.ts (the Worker never does)',
            },
      );
    }
    return findings;
  } catch (err) {
    return [{ ok: false, line: databaseProblem(err, url, token !== undefined) }];
  } finally {
    client.close();
  }
}

async function main(): Promise<number> {
  if (process.argv.includes('--help')) {
    console.log(
      "Usage: npm run check:deploy (with the Worker's settings in the environment: DATABASE_URL, DATABASE_AUTH_TOKEN, TOKEN_SECRET, PUBLIC_URL, RESEND_API_KEY, MAIL_FROM, …)",
    );
    return 0;
  }
  const findings = [...settingsFindings(process.env), ...(await databaseFindings(process.env))];
  for (const f of findings) console.log(`${f.ok ? 'ok     ' : 'PROBLEM'}  ${f.line}`);
  const problems = findings.filter((f) => !f.ok).length;
  console.log(
    problems === 0
      ? 'Ready to deploy: npx wrangler deploy'
      : `${problems} problem${problems === 1 ? '' : 's'} to fix before the Worker works.`,
  );
  return problems === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
