import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'turso',
  schema: './worker/src/db/schema/index.ts',
  out: './worker/migrations',
  dbCredentials: {
    url: process.env.DATABASE_URL ?? 'file:./data/invitations.db',
    authToken: process.env.DATABASE_AUTH_TOKEN,
  },
});
