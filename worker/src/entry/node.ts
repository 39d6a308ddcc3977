/**
 * `npm start`: the app on Node with an embedded libSQL file, migrations applied, the first
 * organization and owner created on an empty database. In local mode (config.ts `localMode`: no
 * provider, a loopback PUBLIC_URL) e-mail and SMS go to the local mailbox; otherwise each goes
 * through its provider or fails with a recorded reason.
 */
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { dirname, join, resolve } from 'node:path';
import { createApp } from '../app';
import { ensureFirstOrganization } from '../bootstrap';
import { abuseSettings, extensionOrigins, localMode, parseEnv, type LocalMode } from '../config';
import { runMaintenance } from '../features/maintenance/maintenance';
import { clientAddress } from '../lib/client-address';
import { resendTransport } from '../mail/resend';
import { twilioSmsTransport } from '../mail/sms-twilio';
import { createServices } from '../services';
import { withBodyHygiene } from './node-http';
import {
  databaseFilePath,
  fileMailboxStore,
  localTokenSecret,
  nodeScrypt,
  openDatabase,
} from './node-runtime';

/**
 * The startup lines on the local mailbox and where e-mail and SMS go, given the providers' names
 * (if any).
 */
function deliveryLines(
  publicUrl: string,
  mode: LocalMode,
  providers: { email?: string; sms?: string },
): string[] {
  if (mode.on)
    return [
      `  local mailbox: on at ${publicUrl}/dev/mail`,
      `  mail:          to the local mailbox`,
      `  sms:           to the local mailbox`,
    ];
  const fails = (what: string, variable: string) =>
    `not configured (${variable}): every ${what} fails, with the reason on the person's invitation state`;
  return [
    `  local mailbox: off (${mode.why})`,
    `  mail:          ${providers.email ? `sent through ${providers.email}` : fails('e-mail', 'RESEND_API_KEY')}`,
    `  sms:           ${providers.sms ? `sent through ${providers.sms}` : fails('SMS', 'SMS_PROVIDER')}`,
  ];
}

async function main() {
  if (process.argv.includes('--help')) {
    console.log(`Usage: npm start  (or: tsx --tsconfig worker/tsconfig.json worker/src/entry/node.ts)

Runs the Invitations server on Node with a libSQL database.
Environment (all optional): PORT, HOST, DATABASE_URL, DATABASE_AUTH_TOKEN, PUBLIC_URL, TOKEN_SECRET,
RESEND_API_KEY, MAIL_FROM, RESEND_BASE_URL, SMS_PROVIDER, SMS_ACCOUNT_SID, SMS_AUTH_TOKEN, SMS_FROM,
SMS_BASE_URL, OWNER_EMAIL, OWNER_PASSWORD, ORG_NAME, EXTENSION_ORIGINS, MAILBOX_FILE, OUTBOX_LEASE_SECONDS,
TRUST_PROXY, ORG_CREATION, ORG_MESSAGES_PER_HOUR, ORG_MESSAGES_PER_DAY.
Local mode (no RESEND_API_KEY and no SMS_PROVIDER, PUBLIC_URL a loopback address such as the default
http://localhost:$PORT, and HOST a loopback address): e-mail and SMS go to the local mailbox at /dev/mail. Otherwise there is no local
mailbox, and e-mail or SMS without a provider fail, with the reason on the person's invitation state.
Only requests addressed to PUBLIC_URL's host are answered (in local mode also any loopback host); a reverse
proxy in front must pass the client's Host header on.
ORG_CREATION (anyone | nobody) says who may create organizations; ORG_MESSAGES_PER_HOUR and _PER_DAY are
each organization's message quota (npm run org:create / org:quota / org:list are the operator's commands).
See README.md and docs/SECURITY.md.`);
    return;
  }
  const env = parseEnv(process.env);
  const dbPath = databaseFilePath(env.DATABASE_URL);
  const dataDir = dbPath ? dirname(resolve(dbPath)) : resolve('data');
  const publicUrl = env.PUBLIC_URL ?? `http://localhost:${env.PORT}`;
  const { db, close } = await openDatabase(env.DATABASE_URL, env.DATABASE_AUTH_TOKEN);

  // parseEnv has checked that MAIL_FROM comes with the key, and the account, token and sender with
  // the provider.
  const email = env.RESEND_API_KEY
    ? resendTransport({
        apiKey: env.RESEND_API_KEY,
        from: env.MAIL_FROM!,
        baseUrl: env.RESEND_BASE_URL,
      })
    : undefined;
  const sms =
    env.SMS_PROVIDER === 'twilio'
      ? twilioSmsTransport({
          accountSid: env.SMS_ACCOUNT_SID!,
          authToken: env.SMS_AUTH_TOKEN!,
          from: env.SMS_FROM!,
          baseUrl: env.SMS_BASE_URL,
        })
      : undefined;
  const mode = localMode({
    publicUrl,
    email: email !== undefined,
    sms: sms !== undefined,
    listenHost: env.HOST,
  });
  const services = createServices({
    db,
    config: {
      publicUrl,
      extensionOrigins: extensionOrigins(env),
      localMode: mode.on,
      ...abuseSettings(env),
    },
    tokenSecret: env.TOKEN_SECRET ?? (await localTokenSecret(join(dataDir, 'token-secret'))),
    scrypt: nodeScrypt,
    email,
    sms,
    mailbox: mode.on
      ? fileMailboxStore(env.MAILBOX_FILE ?? join(dataDir, 'mailbox.jsonl'))
      : undefined,
    clientIp: (c) =>
      clientAddress(
        getConnInfo(c).remote.address,
        c.req.header('x-forwarded-for'),
        env.TRUST_PROXY,
      ),
    outboxLeaseMs: env.OUTBOX_LEASE_SECONDS * 1000,
  });
  const first = await ensureFirstOrganization(
    db,
    services.passwords,
    { orgName: env.ORG_NAME, email: env.OWNER_EMAIL, password: env.OWNER_PASSWORD },
    services.now(),
  );

  const app = createApp(services);
  // Answers given before the request body was read close the connection cleanly (node-http.ts).
  const server = serve(
    { fetch: withBodyHygiene(app.fetch), port: env.PORT, hostname: env.HOST },
    (info) => {
      const lines = [
        `Invitations is running at ${publicUrl} (listening on ${info.address}:${info.port})`,
        `  database:      ${env.DATABASE_URL}`,
        first
          ? `  owner login:   ${first.email} / ${first.generated ? `${first.password}   (generated; shown this once)` : '(the OWNER_PASSWORD you set)'}`
          : `  owner login:   the organization already exists; sign in with its owner's account (password lost? ${publicUrl}/reset-password${mode.on ? ', then the link in /dev/mail' : ''})`,
        ...deliveryLines(publicUrl, mode, {
          email: email && 'Resend',
          sms: sms && env.SMS_PROVIDER,
        }),
        `  extension:     ${resolve('.output/chrome-mv3')} (load it unpacked in Chromium; Firefox: npm run build:extension:firefox, README)`,
      ];
      console.log(lines.join('\n'));
    },
  );

  void services.outbox.kick();
  const timer = setInterval(() => void services.outbox.kick(), 5_000);
  // What the Worker's Cron Trigger does: expire invitations, delete stale sessions and rows
  // (features/maintenance/maintenance.ts).
  const housekeeping = setInterval(() => void runMaintenance(services), 60_000);
  const stop = () => {
    clearInterval(timer);
    clearInterval(housekeeping);
    server.close(() => {
      close();
      process.exit(0);
    });
    setTimeout(() => process.exit(0), 3_000).unref();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
