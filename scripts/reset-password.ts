/**
 * `npm run owner:reset-password -- owner@example.com`: the operator's way back in for an owner who
 * lost their password (and has no working mailbox to receive "Forgot your password?"). Prints a
 * one-time link to choose a new password — the same reset link that "Forgot your password?" mails
 * (features/accounts/password-reset.ts), valid 24 hours — ends every session of the account, and
 * writes an audit event in each of its organizations. Using the link sets the password and ends
 * the account's other reset links (features/accounts/set-password.ts); until then the old password
 * still works.
 *
 * Works on the local database by default. On a remote database (Turso), or with settings that are
 * not local mode (a provider, a public PUBLIC_URL), it refuses unless `--allow-remote` is given:
 * then TOKEN_SECRET must be the deployment's, and the link is printed to whoever reads this
 * terminal.
 */
import { and, eq } from 'drizzle-orm';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { emailSchema } from '../shared/api/common';
import { localMode, parseEnv } from '../worker/src/config';
import type { Db } from '../worker/src/db/client';
import { memberships, organizations, sessions, users } from '../worker/src/db/schema';
import { databaseFilePath, localTokenSecret, openDatabase } from '../worker/src/entry/node-runtime';
import { actionUrl, newActionToken } from '../worker/src/features/accounts/action-tokens';
import { auditEvent } from '../worker/src/features/organizations/audit';
import { createTokenKit } from '../worker/src/lib/tokens';

const HELP = `Usage: npm run owner:reset-password -- <e-mail address> [--allow-remote]
Prints a one-time link (valid 24 hours) to choose a new password for the account with that e-mail
address, ends all its sessions and writes an audit event. Works on DATABASE_URL (default
file:./data/invitations.db); a remote database or settings outside local mode need --allow-remote
(and TOKEN_SECRET set to the deployment's).`;

const OPERATOR_RESET_TTL_MS = 24 * 3600_000;

/** Why this run is not plainly local, or null when it is. */
function remoteReason(env: ReturnType<typeof parseEnv>, publicUrl: string): string | null {
  if (!databaseFilePath(env.DATABASE_URL)) return `DATABASE_URL (${env.DATABASE_URL}) is remote`;
  const mode = localMode({
    publicUrl,
    email: env.RESEND_API_KEY !== undefined,
    sms: env.SMS_PROVIDER !== undefined,
    listenHost: env.HOST,
  });
  return mode.on ? null : `these settings are not local mode (${mode.why})`;
}

/** The reset link, the sessions ended and the audit events, in one batch. */
async function resetPassword(db: Db, email: string, now: number) {
  const [user] = await db.select().from(users).where(eq(users.email, email)).limit(1);
  if (!user) return null;
  const orgs = await db
    .select({ orgId: memberships.orgId, role: memberships.role, name: organizations.name })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.orgId))
    .where(and(eq(memberships.userId, user.id), eq(memberships.status, 'active')));
  const token = newActionToken(
    db,
    {
      purpose: 'reset_password',
      userId: user.id,
      orgId: null,
      sentTo: email,
      createdBy: null,
      ttlMs: OPERATOR_RESET_TTL_MS,
    },
    now,
  );
  const audit = (orgId: string | null) =>
    auditEvent(
      db,
      {
        orgId,
        actorId: null,
        action: 'account.password_reset',
        targetType: 'user',
        targetId: user.id,
        detail: { by: 'operator' },
      },
      now,
    );
  const [, ended] = await db.batch([
    token.insert,
    db.delete(sessions).where(eq(sessions.userId, user.id)).returning({ id: sessions.id }),
    ...(orgs.length ? orgs.map((o) => audit(o.orgId)) : [audit(null)]),
  ]);
  return { user, orgs, token: token.row, sessionsEnded: ended.length };
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { 'allow-remote': { type: 'boolean' }, help: { type: 'boolean' } },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const email = emailSchema.safeParse(positionals[0] ?? '');
  if (positionals.length !== 1 || !email.success)
    throw new Error(`Give the account's e-mail address.\n${HELP}`);
  const env = parseEnv(process.env);
  const publicUrl = env.PUBLIC_URL ?? `http://localhost:${env.PORT}`;
  const remote = remoteReason(env, publicUrl);
  if (remote && !values['allow-remote'])
    throw new Error(
      `Refused: ${remote}. The link would be printed here for a deployment; if that is what you mean, run again with --allow-remote (and TOKEN_SECRET set to the deployment's).`,
    );
  if (remote && !env.TOKEN_SECRET)
    throw new Error("Set TOKEN_SECRET to the deployment's: the link is derived from it.");
  const dbPath = databaseFilePath(env.DATABASE_URL);
  const dataDir = dbPath ? dirname(resolve(dbPath)) : resolve('data');
  const secret = env.TOKEN_SECRET ?? (await localTokenSecret(join(dataDir, 'token-secret')));
  const { db, close } = await openDatabase(env.DATABASE_URL, env.DATABASE_AUTH_TOKEN);
  try {
    const done = await resetPassword(db, email.data, Date.now());
    if (!done) throw new Error(`No account has the e-mail address ${email.data}.`);
    const link = await actionUrl(createTokenKit(secret), publicUrl, done.token);
    const roles = done.orgs.map((o) => `${o.role} of "${o.name}"`).join(', ');
    console.log(`${email.data}${roles ? ` (${roles})` : ''}:`);
    console.log(`  sessions ended: ${done.sessionsEnded}`);
    console.log(`  one-time link to choose a new password (valid 24 hours, shown this once):`);
    console.log(`  ${link}`);
    console.log('  Until it is used, the current password still works.');
    if (!env.PUBLIC_URL)
      console.log(
        `  The link is on port ${env.PORT} (PORT): if the server runs on another, run this with the same PORT.`,
      );
  } finally {
    close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
