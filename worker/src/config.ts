/**
 * The environment, parsed once with zod at the entry (docs/DESIGN.md §4). Nothing else reads
 * process.env.
 */
import * as z from 'zod/mini';
import { intSchema } from '../../shared/api/common';
import { isLoopbackHostname } from './lib/host';

const EXTENSION_ID = 'kgknponoaabbnjcnjoeagpodpmkkpgfh';

/**
 * Per organization: 250 messages an hour (what Clerk allows for organization invitations) and 1 000
 * a day — room for a team's onboarding, not for a spam run from an organization anyone may create.
 */
export const DEFAULT_MESSAGE_QUOTA = { perHour: 250, perDay: 1000 };
/**
 * The extension in Chromium (its pinned id) and in Firefox, where every install has an id of its
 * own: `moz-extension://*` admits any of them. Safe because the API's credential is a bearer token
 * the extension keeps, never a cookie a page could ride on (docs/FIREFOX.md).
 */
export const DEFAULT_EXTENSION_ORIGINS = [
  `chrome-extension://${EXTENSION_ID}`,
  'moz-extension://*',
];

/** An optional variable: absent or blank (`FOO=`) are the same. */
const optional = z.optional(
  z.pipe(
    z.string().check(z.trim()),
    z.transform((v) => (v === '' ? undefined : v)),
  ),
);
/** An optional variable that, when given, must also pass `schema`. */
const optionalThen = <T extends z.ZodMiniType<unknown, string>>(schema: T) =>
  z.pipe(optional, z.optional(schema));

const url = (what: string) =>
  z.pipe(
    z.string().check(
      z.trim(),
      z.refine((v) => /^https?:\/\/[^\s/]+/.test(v), `${what} must be an http(s) URL`),
    ),
    z.transform((v) => v.replace(/\/+$/, '')),
  );

/** A whole number in the environment (a string there), `fallback` when absent. */
const intVar = (min: number, max: number, fallback: number) =>
  z._default(z.pipe(z.coerce.number(), intSchema(min, max)), fallback);

export const envSchema = z.object({
  PORT: intVar(0, 65535, 8787),
  HOST: z._default(z.string(), '127.0.0.1'),
  DATABASE_URL: z._default(
    z.string().check(z.trim(), z.minLength(1)),
    'file:./data/invitations.db',
  ),
  DATABASE_AUTH_TOKEN: optional,
  PUBLIC_URL: optionalThen(url('PUBLIC_URL')),
  TOKEN_SECRET: optionalThen(
    z.string().check(z.minLength(32, 'TOKEN_SECRET must be at least 32 characters')),
  ),
  RESEND_API_KEY: optional,
  MAIL_FROM: optional,
  RESEND_BASE_URL: optionalThen(url('RESEND_BASE_URL')),
  RESEND_WEBHOOK_SECRET: optionalThen(
    z
      .string()
      .check(
        z.regex(
          /^(whsec_)?[A-Za-z0-9+/]+={0,2}$/,
          "RESEND_WEBHOOK_SECRET must be the webhook's signing secret (whsec_…)",
        ),
      ),
  ),
  SMS_PROVIDER: optionalThen(z.enum(['twilio'])),
  SMS_ACCOUNT_SID: optional,
  SMS_AUTH_TOKEN: optional,
  SMS_FROM: optional,
  SMS_BASE_URL: optionalThen(url('SMS_BASE_URL')),
  OWNER_EMAIL: z._default(
    z.pipe(
      z.string().check(z.trim(), z.toLowerCase()),
      z.email('OWNER_EMAIL must be an e-mail address'),
    ),
    'owner@example.com',
  ),
  OWNER_PASSWORD: optionalThen(
    z.string().check(z.minLength(10, 'OWNER_PASSWORD must be at least 10 characters')),
  ),
  ORG_NAME: z._default(
    z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
    'My organization',
  ),
  OWNER_NAME: z._default(z.string().check(z.trim(), z.minLength(1), z.maxLength(100)), 'Owner'),
  EXTENSION_ORIGINS: optional,
  MAILBOX_FILE: optional,
  /** How long a drainer's claim on a message lasts before another may retry it (after a crash). */
  OUTBOX_LEASE_SECONDS: intVar(1, 3600, 60),
  /**
   * Who may create organizations: `anyone` signed in, or `nobody` (the operator does, with `npm run
   * org:create`).
   */
  ORG_CREATION: z._default(z.enum(['anyone', 'nobody']), 'anyone'),
  /**
   * Messages an organization may send an hour and a day, unless the operator set its own (`npm run
   * org:quota`).
   */
  ORG_MESSAGES_PER_HOUR: intVar(1, 1_000_000, DEFAULT_MESSAGE_QUOTA.perHour),
  ORG_MESSAGES_PER_DAY: intVar(1, 10_000_000, DEFAULT_MESSAGE_QUOTA.perDay),
  /**
   * How many reverse proxies in front of the Node server append the client's address to
   * X-Forwarded-For. 0 (the default) counts rate limits by the socket's peer address and ignores
   * the header, which anyone can write.
   */
  TRUST_PROXY: intVar(0, 10, 0),
});

export type Env = z.infer<typeof envSchema>;

/**
 * What each variable means and, where the schema has no plain default, what happens without it:
 * `npm start -- --help` prints these (worker/src/entry/node-help.ts). Typed by the schema's keys, so
 * a variable added above without its line here does not compile. Plain strings only: a call in here
 * would keep the table in the Worker's bundle, which never prints it.
 */
export const ENV_HELP: { [K in keyof typeof envSchema.shape]: { about: string; unset?: string } } =
  {
    PORT: { about: 'port the Node server listens on' },
    HOST: {
      about: 'address the Node server listens on (beyond this machine turns local mode off)',
    },
    DATABASE_URL: { about: 'libSQL / Turso database: file:…, libsql://…, http(s)://…' },
    DATABASE_AUTH_TOKEN: { about: "the remote database's token (Turso)", unset: 'none' },
    PUBLIC_URL: {
      about:
        'base of links, the join page and the login address; only requests to its host are answered',
      unset: 'http://localhost:$PORT',
    },
    TOKEN_SECRET: {
      about: 'secret (at least 32 characters) that link and message tokens are derived from',
      unset: 'generated once into token-secret beside the database file',
    },
    RESEND_API_KEY: { about: 'Resend API key: e-mail goes through Resend', unset: 'none' },
    MAIL_FROM: { about: 'the sender of e-mail (required with RESEND_API_KEY)', unset: 'none' },
    RESEND_BASE_URL: {
      about: "Resend's API address (a local fake in tests)",
      unset: 'https://api.resend.com',
    },
    RESEND_WEBHOOK_SECRET: {
      about:
        "signing secret (whsec_…) of Resend's webhook to PUBLIC_URL/webhooks/resend: delivery status",
      unset: 'none; /webhooks/resend answers 404',
    },
    SMS_PROVIDER: { about: 'SMS provider: twilio', unset: 'none' },
    SMS_ACCOUNT_SID: {
      about: "the SMS provider's account (required with SMS_PROVIDER)",
      unset: 'none',
    },
    SMS_AUTH_TOKEN: {
      about: "the SMS provider's token (required with SMS_PROVIDER)",
      unset: 'none',
    },
    SMS_FROM: {
      about: 'the SMS sender number or messaging service (required with SMS_PROVIDER)',
      unset: 'none',
    },
    SMS_BASE_URL: { about: "the SMS provider's API address", unset: 'https://api.twilio.com' },
    OWNER_EMAIL: { about: "the first organization's owner, created on an empty database" },
    OWNER_PASSWORD: {
      about: "that owner's password (at least 10 characters)",
      unset: 'random, printed once',
    },
    ORG_NAME: { about: 'the first organization, created on an empty database' },
    OWNER_NAME: {
      about: 'that owner\'s display name, as messages show it ("<name> invited you")',
    },
    EXTENSION_ORIGINS: {
      about: "comma-separated origins CORS admits besides the server's own",
    },
    MAILBOX_FILE: {
      about: 'where the local mailbox keeps messages (local mode only)',
      unset: 'mailbox.jsonl beside the database file',
    },
    OUTBOX_LEASE_SECONDS: {
      about: 'how long a delivery attempt holds a message before another may retry it',
    },
    ORG_CREATION: {
      about: 'who creates organizations: anyone signed in, or nobody (npm run org:create)',
    },
    ORG_MESSAGES_PER_HOUR: {
      about: "an organization's messages an hour (npm run org:quota sets one's own)",
    },
    ORG_MESSAGES_PER_DAY: {
      about: "an organization's messages a day (npm run org:quota sets one's own)",
    },
    TRUST_PROXY: {
      about:
        "reverse proxies in front that append the client's address to X-Forwarded-For (0: the socket's address); any turns the local mailbox off",
    },
  };

/** One line per variable: its name, what it means, and its default (or what happens without it). */
export function envHelpLines(): string[] {
  // Computed here, not in ENV_HELP: a call there would keep the table in the Worker's bundle.
  const defaults: Record<string, unknown> = {
    ...envSchema.parse({}),
    EXTENSION_ORIGINS: DEFAULT_EXTENSION_ORIGINS.join(','),
  };
  const help: Record<string, { about: string; unset?: string }> = ENV_HELP;
  const width = Math.max(...Object.keys(envSchema.shape).map((k) => k.length));
  return Object.keys(envSchema.shape).map((key) => {
    const { about, unset } = help[key]!;
    const fallback = defaults[key] !== undefined ? String(defaults[key]) : (unset ?? 'none');
    return `  ${key.padEnd(width)}  ${about} (default: ${fallback})`;
  });
}

/**
 * Parses `source` with `schema` or throws one error naming every missing or malformed variable
 * (never a value).
 */
function parseWith<S extends z.ZodMiniType>(schema: S, source: unknown): z.infer<S> {
  const result = schema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map(
      (i) => `  ${i.path.join('.') || '(environment)'}: ${i.message}`,
    );
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}

/** Settings that only make sense together. */
function checkProviders(
  env: Pick<
    Env,
    | 'RESEND_API_KEY'
    | 'MAIL_FROM'
    | 'SMS_PROVIDER'
    | 'SMS_ACCOUNT_SID'
    | 'SMS_AUTH_TOKEN'
    | 'SMS_FROM'
  >,
): void {
  if (env.RESEND_API_KEY && !env.MAIL_FROM)
    throw new Error('Invalid configuration:\n  MAIL_FROM: required when RESEND_API_KEY is set');
  if (env.SMS_PROVIDER && !(env.SMS_ACCOUNT_SID && env.SMS_AUTH_TOKEN && env.SMS_FROM)) {
    throw new Error(
      'Invalid configuration:\n  SMS_ACCOUNT_SID, SMS_AUTH_TOKEN, SMS_FROM: required when SMS_PROVIDER is set',
    );
  }
}

/** Parses the environment or throws one error naming every missing or malformed variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const env = parseWith(envSchema, source);
  checkProviders(env);
  return env;
}

const required = z.string({ error: 'is required' }).check(z.trim(), z.minLength(1, 'is required'));

/**
 * The Worker's bindings: the same variables minus what only local mode uses, with the database
 * remote (Workers cannot open files), and the secret, the public address and a mail provider
 * required (a Worker has no local mailbox to fall back on: its memory is per isolate and /dev/mail
 * would be public).
 */
export const workerEnvSchema = z.extend(
  z.omit(envSchema, {
    PORT: true,
    HOST: true,
    OWNER_EMAIL: true,
    OWNER_PASSWORD: true,
    ORG_NAME: true,
    OWNER_NAME: true,
    MAILBOX_FILE: true,
    TRUST_PROXY: true,
  }),
  {
    DATABASE_URL: required.check(
      z.refine(
        (v) => /^(libsql|https?):\/\//.test(v),
        'must be a libsql://, https:// or http:// URL (a Worker cannot open a file: database)',
      ),
    ),
    TOKEN_SECRET: required.check(z.minLength(32, 'TOKEN_SECRET must be at least 32 characters')),
    PUBLIC_URL: z.pipe(required, url('PUBLIC_URL')),
    RESEND_API_KEY: required,
    MAIL_FROM: required,
  },
);

export type WorkerEnv = z.infer<typeof workerEnvSchema>;

/**
 * Parses the Worker's bindings (vars and secrets) or throws one error naming every missing or
 * malformed one.
 */
export function parseWorkerEnv(bindings: object): WorkerEnv {
  const env = parseWith(workerEnvSchema, bindings);
  checkProviders(env);
  return env;
}

/**
 * What the app needs of the abuse settings: who creates organizations, and the default message
 * quota.
 */
export const abuseSettings = (
  env: Pick<Env, 'ORG_CREATION' | 'ORG_MESSAGES_PER_HOUR' | 'ORG_MESSAGES_PER_DAY'>,
) => ({
  orgCreation: env.ORG_CREATION,
  messageQuota: { perHour: env.ORG_MESSAGES_PER_HOUR, perDay: env.ORG_MESSAGES_PER_DAY },
});

/** The secrets delivery reports are checked with (features/delivery/webhooks-api.ts). */
export const webhookSecrets = (
  env: Pick<Env, 'RESEND_WEBHOOK_SECRET' | 'SMS_PROVIDER' | 'SMS_AUTH_TOKEN'>,
) => ({
  resendSecret: env.RESEND_WEBHOOK_SECRET,
  smsAuthToken: env.SMS_PROVIDER === 'twilio' ? env.SMS_AUTH_TOKEN : undefined,
});

export function extensionOrigins(env: Pick<Env, 'EXTENSION_ORIGINS'>): string[] {
  return env.EXTENSION_ORIGINS
    ? env.EXTENSION_ORIGINS.split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : DEFAULT_EXTENSION_ORIGINS;
}

/** Local mode is on, or off and why (for the startup lines). */
export type LocalMode = { on: true } | { on: false; why: string };

/**
 * Local mode: no provider configured at all (neither e-mail nor SMS), a loopback PUBLIC_URL, (on
 * Node) a loopback listen address (`HOST`), and no proxy named (`TRUST_PROXY`). Only then does the local mailbox exist: /dev/mail
 * shows every message, set-password links included, to whoever can open it. Anywhere else a channel
 * without a provider fails every message with a recorded reason (mail/unconfigured.ts). The Worker
 * is never in local mode.
 */
export function localMode(o: {
  publicUrl: string;
  email: boolean;
  sms: boolean;
  listenHost?: string;
  /** TRUST_PROXY: how many proxies forward requests to this server (0: none). */
  trustProxy?: number;
}): LocalMode {
  const why = [
    ...(o.email || o.sms ? ['a provider is configured'] : []),
    ...(isLoopbackHostname(new URL(o.publicUrl).hostname)
      ? []
      : ['PUBLIC_URL is not a loopback address']),
    // Listening beyond this machine, anyone on the network could name a loopback Host and read the
    // mailbox.
    ...(o.listenHost === undefined ||
    isLoopbackHostname(o.listenHost === '::1' ? '[::1]' : o.listenHost)
      ? []
      : ['HOST listens beyond this machine']),
    // A proxy in front forwards other people's requests from loopback, with a loopback Host.
    ...(o.trustProxy ? ['TRUST_PROXY says a proxy forwards requests'] : []),
  ];
  return why.length ? { on: false, why: why.join('; ') } : { on: true };
}
