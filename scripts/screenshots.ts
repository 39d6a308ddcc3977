/**
 * `npm run screenshots`: the README's walkthrough, replayed in real Chromium with the built extension
 * to write its pictures to docs/screenshots/walkthrough-*.png.
 *
 * It starts the local server (worker/src/entry/node.ts, local mode) on a temp database and a free
 * port (8787 when it is free), names the owner through the API, then does what the walkthrough says: creates a link in the
 * popup, opens the join page (English and Russian), applies, approves in the popup, opens the welcome
 * mail in /dev/mail, sets the password from it and signs in at /login. Nothing is mocked; the temp
 * folder goes away at the end. The pages are 800 px wide, the popup its own 400 × 600.
 *
 * Needs Chromium (`CHROMIUM_PATH`, default /usr/bin/chromium). The language switcher names Chinese
 * and Japanese in their own script: without a CJK font (Debian: fonts-noto-cjk) those two names show
 * as boxes, and the rest of each picture is the same. `--no-build` uses .output/chrome-mv3 as it is.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const EXTENSION = join(ROOT, '.output/chrome-mv3');
const SHOTS = join(ROOT, 'docs/screenshots');
const OWNER = { email: 'owner@example.com', password: 'screenshots-owner-password' };
const INVITEE = { name: 'Ivy Newcomer', email: 'ivy@example.com', password: 'ivy-chose-this-one' };
const PAGE = { width: 800, height: 560 };

/**
 * 8787 when nothing listens there, so the pictures show the README's address; else any free port.
 */
function freePort(preferred = 8787): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', () =>
      preferred ? freePort(0).then(resolve, reject) : reject(new Error('no port')),
    );
    probe.listen(preferred, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/** The local server as a child process; resolves once it prints its "listening on" line. */
async function startServer(dataDir: string, port: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'worker/src/entry/node.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      TSX_TSCONFIG_PATH: 'worker/tsconfig.json',
      PORT: String(port),
      DATABASE_URL: `file:${join(dataDir, 'invitations.db')}`,
      OWNER_EMAIL: OWNER.email,
      OWNER_PASSWORD: OWNER.password,
      ORG_NAME: 'Acme',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('listening on')) resolve();
    });
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => reject(new Error(`the server exited with ${code}:\n${out}`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url: `http://localhost:${port}`,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Signs in as the owner and gives them a name, so the pages say who invites. */
async function nameTheOwner(url: string): Promise<void> {
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(OWNER),
  });
  if (!login.ok) throw new Error(`sign-in failed: ${login.status}`);
  const { token, user, memberships } = (await login.json()) as {
    token: string;
    user: { id: string };
    memberships: { orgId: string }[];
  };
  const patched = await fetch(`${url}/api/orgs/${memberships[0]!.orgId}/members/${user.id}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ firstName: 'Ada', lastName: 'Lovelace' }),
  });
  if (!patched.ok) throw new Error(`naming the owner failed: ${patched.status}`);
}

/** Waits (at most 30 s) until the local mailbox holds a message to `to`. */
async function mailTo(url: string, to: string): Promise<void> {
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
    const { items } = (await (await fetch(`${url}/dev/mail.json`)).json()) as {
      items: { to: string }[];
    };
    if (items.some((m) => m.to === to)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no message to ${to} in the local mailbox`);
}

async function shot(page: Page, name: string): Promise<void> {
  const path = join(SHOTS, `walkthrough-${name}.png`);
  await page.screenshot({ path, fullPage: true });
  console.log(`wrote ${path.slice(ROOT.length)}`);
}

async function main(): Promise<void> {
  if (!process.argv.includes('--no-build'))
    execFileSync('npx', ['wxt', 'build'], { cwd: ROOT, stdio: 'inherit' });
  mkdirSync(SHOTS, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'invitations-screenshots-'));
  const server = await startServer(dataDir, await freePort());
  const context = await chromium.launchPersistentContext(join(dataDir, 'profile'), {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      `--disable-extensions-except=${EXTENSION}`,
      `--load-extension=${EXTENSION}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--lang=en-US',
    ],
  });
  try {
    await nameTheOwner(server.url);
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const extensionId = new URL(worker.url()).host;

    // 1. Sign in to the popup and create a link.
    const popup = await context.newPage();
    await popup.setViewportSize({ width: 400, height: 600 });
    await popup.goto(`chrome-extension://${extensionId}/popup.html`);
    await popup.getByLabel('Server URL').fill(server.url);
    await popup.getByLabel('Email').fill(OWNER.email);
    await popup.getByLabel('Password').fill(OWNER.password);
    await popup.getByRole('button', { name: 'Sign in' }).click();
    await popup.getByLabel('Valid for').selectOption({ label: '7 days' });
    await popup.getByLabel('Usage limit').selectOption({ label: '10 uses' });
    await popup.getByRole('button', { name: 'Create link' }).click();
    const field = popup.getByLabel('Invitation link URL');
    await field.waitFor();
    const link = await field.inputValue();
    await popup.getByRole('region', { name: 'My links' }).getByText('0 of 10 uses').waitFor();
    await shot(popup, 'popup-share');

    // 2. The join page, as the invitee sees it, in English and in Russian.
    const page = await context.newPage();
    await page.setViewportSize(PAGE);
    await page.goto(`${link}?lang=en`);
    await shot(page, 'join-en');
    await page.goto(`${link}?lang=ru`);
    await shot(page, 'join-ru');

    // 3. Apply (in English).
    await page.goto(`${link}?lang=en`);
    await page.getByLabel('Your name').fill(INVITEE.name);
    await page.getByLabel('E-mail address').fill(INVITEE.email);
    await page.getByRole('button', { name: 'Apply to join' }).click();
    await page.getByRole('heading', { name: 'Application sent' }).waitFor();

    // 4. Approve in the popup's Review tab.
    await popup.getByRole('tab', { name: 'Review' }).click();
    const item = popup.getByRole('listitem').filter({ hasText: INVITEE.email });
    await item.waitFor();
    await shot(popup, 'popup-review');
    await item.getByRole('button', { name: 'Approve' }).click();
    await item.waitFor({ state: 'detached' });

    // 5. The welcome mail in the local mailbox (it goes out right after the answer), HTML open.
    await mailTo(server.url, INVITEE.email);
    await page.goto(`${server.url}/dev/mail`);
    const mail = page.locator('article').filter({ hasText: INVITEE.email }).first();
    await mail.locator('summary').click();
    await mail.locator('iframe').contentFrame().getByText('Set your password').first().waitFor();
    await shot(page, 'mail');

    // 6. Its link: choose a password.
    const setPassword = await mail
      .getByRole('link', { name: /\/set-password\// })
      .getAttribute('href');
    await page.goto(setPassword!);
    await page.getByLabel('New password', { exact: true }).fill(INVITEE.password);
    await page.getByLabel('New password again').fill(INVITEE.password);
    await page.getByLabel('New password again').blur();
    await shot(page, 'set-password');
    await page.getByRole('button', { name: 'Save password' }).click();
    await page.getByRole('heading', { name: 'Your password is set' }).waitFor();

    // 7. Sign in at the login address the mail gave.
    await page.goto(`${server.url}/login`);
    await page.getByLabel('E-mail address or phone number').fill(INVITEE.email);
    await page.getByLabel('Password').fill(INVITEE.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Your account works' }).waitFor();
    await shot(page, 'signed-in');
  } finally {
    await context.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
