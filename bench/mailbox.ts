/**
 * `npm run bench:mailbox`: what one request to the local mailbox costs with a full mailbox. Fills a
 * file mailbox (worker/src/entry/node-runtime.ts `fileMailboxStore`) with `--messages` e-mails of a
 * realistic size (default 10 000), builds the real app on a fresh database in this process, and
 * asks `GET /dev/mail.json` (also with `?limit=500`) and `GET /dev/mail` `--runs` times each
 * (default 20). Prints, per address, the first and the median time, the answer's size, the heap
 * growth over the first answer (after a full garbage collection: run with --expose-gc, as the npm
 * script does) and the process's peak RSS so far (seeding included).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../worker/src/app';
import { DEFAULT_EXTENSION_ORIGINS, DEFAULT_MESSAGE_QUOTA } from '../worker/src/config';
import { fileMailboxStore, nodeScrypt, openDatabase } from '../worker/src/entry/node-runtime';
import type { MailboxItem } from '../worker/src/mail/local-mailbox';
import { createServices } from '../worker/src/services';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const MESSAGES = arg('--messages', 10_000);
const RUNS = arg('--runs', 20);
const PUBLIC_URL = 'http://localhost:8787';

/** An e-mail about as large as the product's invitation mail (text about 0.6 KiB, HTML about 3 KiB). */
function message(i: number): MailboxItem {
  const link = `${PUBLIC_URL}/invite/${'x'.repeat(43)}${i}`;
  return {
    channel: 'email',
    to: `person${i}@example.com`,
    subject: `Acme invited you to join Acme (${i})`,
    text: `Hello,\n\nOwner invited you to join Acme on Invitations.\n\nAccept: ${link}\n\n${'This invitation expires in 7 days. '.repeat(12)}`,
    html: `<!doctype html><html><body><p>Hello,</p><p><a href="${link}">Accept</a></p>${'<p>This invitation expires in 7 days.</p>'.repeat(70)}</body></html>`,
    idempotencyKey: `bench-${i}`,
    createdAt: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'invitations-bench-mailbox-'));
  try {
    const file = join(dir, 'mailbox.jsonl');
    const seeding = fileMailboxStore(file);
    for (let i = 0; i < MESSAGES; i += 500)
      await seeding.append(
        Array.from({ length: Math.min(500, MESSAGES - i) }, (_, k) => message(i + k)),
      );
    const { db, close } = await openDatabase(`file:${join(dir, 'bench.db')}`);
    const services = createServices({
      db,
      config: {
        publicUrl: PUBLIC_URL,
        extensionOrigins: DEFAULT_EXTENSION_ORIGINS,
        localMode: true,
        orgCreation: 'anyone',
        messageQuota: DEFAULT_MESSAGE_QUOTA,
      },
      tokenSecret: 'b'.repeat(43),
      scrypt: nodeScrypt,
      mailbox: fileMailboxStore(file),
      log: () => {},
    });
    const app = createApp(services);
    console.log(`${MESSAGES} messages in the mailbox file, ${RUNS} runs per address`);
    console.log('| address | first | median | answer | heap growth (first) | peak RSS |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
    const gc = (globalThis as { gc?: () => void }).gc;
    for (const path of ['/dev/mail.json', '/dev/mail.json?limit=500', '/dev/mail']) {
      const times: number[] = [];
      let size = 0;
      let growth = 0;
      for (let r = 0; r < RUNS; r++) {
        if (r === 0) gc?.();
        const heapBefore = process.memoryUsage().heapUsed;
        const t0 = performance.now();
        const res = await app.request(`${PUBLIC_URL}${path}`);
        const body = await res.text();
        times.push(performance.now() - t0);
        if (r === 0) {
          growth = process.memoryUsage().heapUsed - heapBefore;
          size = Buffer.byteLength(body);
        }
        if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
      }
      console.log(
        `| \`GET ${path}\` | ${times[0]!.toFixed(0)} ms | ${median(times).toFixed(1)} ms | ${mib(size)} MiB | ${mib(growth)} MiB | ${mib(process.resourceUsage().maxRSS * 1024)} MiB |`,
      );
    }
    close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
