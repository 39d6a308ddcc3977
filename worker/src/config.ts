/**
 * The environment, parsed once with zod at the entry (DESIGN.md §4). Nothing else reads process.env.
 */
import * as z from 'zod';

const EXTENSION_ID = 'kgknponoaabbnjcnjoeagpodpmkkpgfh';
export const DEFAULT_EXTENSION_ORIGINS = [`chrome-extension://${EXTENSION_ID}`];

const optional = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const url = (what: string) =>
  z
    .string()
    .trim()
    .refine((v) => /^https?:\/\/[^\s/]+/.test(v), `${what} must be an http(s) URL`)
    .transform((v) => v.replace(/\/+$/, ''));

export const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.string().trim().min(1).default('file:./data/invitations.db'),
  DATABASE_AUTH_TOKEN: optional,
  PUBLIC_URL: optional.pipe(url('PUBLIC_URL').optional()),
  TOKEN_SECRET: optional.pipe(z.string().min(32, 'TOKEN_SECRET must be at least 32 characters').optional()),
  RESEND_API_KEY: optional,
  MAIL_FROM: optional,
  RESEND_BASE_URL: optional.pipe(url('RESEND_BASE_URL').optional()),
  SMS_PROVIDER: optional.pipe(z.enum(['twilio']).optional()),
  SMS_ACCOUNT_SID: optional,
  SMS_AUTH_TOKEN: optional,
  SMS_FROM: optional,
  SMS_BASE_URL: optional.pipe(url('SMS_BASE_URL').optional()),
  OWNER_EMAIL: z.string().trim().toLowerCase().pipe(z.email('OWNER_EMAIL must be an e-mail address')).default('owner@example.com'),
  OWNER_PASSWORD: optional.pipe(z.string().min(10, 'OWNER_PASSWORD must be at least 10 characters').optional()),
  ORG_NAME: z.string().trim().min(1).max(100).default('My organization'),
  EXTENSION_ORIGINS: optional,
  MAILBOX_FILE: optional,
  /** How long a drainer's claim on a message lasts before another may retry it (after a crash). */
  OUTBOX_LEASE_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /**
   * How many reverse proxies in front of the Node server append the client's address to X-Forwarded-For. 0 (the
   * default) counts rate limits by the socket's peer address and ignores the header, which anyone can write.
   */
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
});

export type Env = z.infer<typeof envSchema>;

/** Parses `source` with `schema` or throws one error naming every missing or malformed variable (never a value). */
function parseWith<S extends z.ZodType>(schema: S, source: unknown): z.infer<S> {
  const result = schema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(environment)'}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}

/** Settings that only make sense together. */
function checkProviders(env: Pick<Env, 'RESEND_API_KEY' | 'MAIL_FROM' | 'SMS_PROVIDER' | 'SMS_ACCOUNT_SID' | 'SMS_AUTH_TOKEN' | 'SMS_FROM'>): void {
  if (env.RESEND_API_KEY && !env.MAIL_FROM) throw new Error('Invalid configuration:\n  MAIL_FROM: required when RESEND_API_KEY is set');
  if (env.SMS_PROVIDER && !(env.SMS_ACCOUNT_SID && env.SMS_AUTH_TOKEN && env.SMS_FROM)) {
    throw new Error('Invalid configuration:\n  SMS_ACCOUNT_SID, SMS_AUTH_TOKEN, SMS_FROM: required when SMS_PROVIDER is set');
  }
}

/** Parses the environment or throws one error naming every missing or malformed variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const env = parseWith(envSchema, source);
  checkProviders(env);
  return env;
}

const required = z.string({ error: 'is required' }).trim().min(1, 'is required');

/**
 * The Worker's bindings: the same variables minus what only local mode uses, with the database remote
 * (Workers cannot open files), and the secret, the public address and a mail provider required (a Worker
 * has no local mailbox to fall back on: its memory is per isolate and /dev/mail would be public).
 */
export const workerEnvSchema = envSchema
  .omit({ PORT: true, HOST: true, OWNER_EMAIL: true, OWNER_PASSWORD: true, ORG_NAME: true, MAILBOX_FILE: true, TRUST_PROXY: true })
  .extend({
    DATABASE_URL: required.refine((v) => /^(libsql|https?):\/\//.test(v), 'must be a libsql://, https:// or http:// URL (a Worker cannot open a file: database)'),
    TOKEN_SECRET: required.pipe(z.string().min(32, 'TOKEN_SECRET must be at least 32 characters')),
    PUBLIC_URL: required.pipe(url('PUBLIC_URL')),
    RESEND_API_KEY: required,
    MAIL_FROM: required,
  });

export type WorkerEnv = z.infer<typeof workerEnvSchema>;

/** Parses the Worker's bindings (vars and secrets) or throws one error naming every missing or malformed one. */
export function parseWorkerEnv(bindings: object): WorkerEnv {
  const env = parseWith(workerEnvSchema, bindings);
  checkProviders(env);
  return env;
}

export function extensionOrigins(env: Pick<Env, 'EXTENSION_ORIGINS'>): string[] {
  return env.EXTENSION_ORIGINS ? env.EXTENSION_ORIGINS.split(',').map((s) => s.trim()).filter(Boolean) : DEFAULT_EXTENSION_ORIGINS;
}
