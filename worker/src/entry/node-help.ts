/**
 * `npm start -- --help` (scripts/start.ts) and the Node entry's `--help` (node.ts): every setting,
 * with its meaning and default, from the schema the environment is parsed with (config.ts
 * `ENV_HELP`), so the two cannot drift apart.
 */
import { envHelpLines } from '../config';

export function nodeHelp(): string {
  return `Usage: npm start  (or: tsx --tsconfig worker/tsconfig.json worker/src/entry/node.ts)

Runs the Invitations server on Node with a libSQL database. Settings are environment variables,
all optional (e.g. PORT=8790 npm start):

${envHelpLines().join('\n')}

Local mode (no RESEND_API_KEY and no SMS_PROVIDER, PUBLIC_URL a loopback address such as the default
http://localhost:$PORT, and HOST a loopback address): e-mail and SMS go to the local mailbox at
/dev/mail. Otherwise there is no local mailbox, and e-mail or SMS without a provider fail, with the
reason on the person's invitation state.
Only requests addressed to PUBLIC_URL's host are answered (in local mode also any loopback host); a
reverse proxy in front must pass the client's Host header on.
Operator commands: npm run org:create / org:quota / org:list, owner:reset-password, db:backup,
check:deploy (docs/OPERATIONS.md). Settings in detail: docs/CONFIGURATION.md.`;
}
