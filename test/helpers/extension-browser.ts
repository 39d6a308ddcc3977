/**
 * The built extension (.output/chrome-mv3) in real Chromium against the real local server on a temp
 * libSQL file, for browser tests: one server process with an owner, one persistent browser profile
 * with the extension loaded, a signed-in API client for setting the scene, and screenshots for
 * docs/EXTENSION.md written only when missing or asked for.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { freePort, startServerProcess, type ServerProcess } from './server-process';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const EXTENSION = join(ROOT, '.output/chrome-mv3');
export const SHOTS = join(ROOT, 'docs/screenshots');
export const OWNER = { email: 'owner@example.com', password: 'owner-password-for-tests' };

export interface ExtensionBrowser {
  server: ServerProcess;
  /** The server's libSQL file, for setting a scene no request can (an invitation past its time). */
  dbFile: string;
  context: BrowserContext;
  background: Worker;
  extensionId: string;
  /** Opens an extension page (`dashboard.html#users`) in a new tab of the given size. */
  open(path: string, viewport?: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Saves a screenshot for docs/EXTENSION.md when it is missing, or for all with UPDATE_SCREENSHOTS=1 (they
 * differ every run).
 */
export async function shot(page: Page, name: string): Promise<void> {
  const path = join(SHOTS, `${name}.png`);
  if (process.env.UPDATE_SCREENSHOTS === '1' || !existsSync(path)) await page.screenshot({ path });
}

/** Builds the extension for Chromium unless .output/chrome-mv3 holds a build already. */
export function buildExtensionIfMissing(): void {
  if (!existsSync(join(EXTENSION, 'manifest.json')))
    execFileSync('npx', ['wxt', 'build'], { cwd: ROOT, stdio: 'inherit' });
}

/**
 * `lang`: the browser's UI language (`--lang`), which browser.i18n picks the extension's messages by;
 * English unless a test asks for another. (Headless Chromium follows `--lang` for the messages; the
 * `LANGUAGE` variable and `--accept-lang` change nothing there.)
 */
export async function launchExtensionBrowser({
  lang = 'en-US',
  env = {},
}: {
  lang?: string;
  /** More settings for the server (e.g. RESEND_WEBHOOK_SECRET). */
  env?: Record<string, string>;
} = {}): Promise<ExtensionBrowser> {
  buildExtensionIfMissing();
  mkdirSync(SHOTS, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'invitations-e2e-'));
  const port = await freePort();
  const dbFile = join(dataDir, 'e2e.db');
  const server = await startServerProcess({
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    DATABASE_URL: `file:${dbFile}`,
    MAILBOX_FILE: join(dataDir, 'mailbox.json'),
    OWNER_EMAIL: OWNER.email,
    OWNER_PASSWORD: OWNER.password,
    ORG_NAME: 'Acme',
    ...env,
  });
  const context = await chromium.launchPersistentContext(join(dataDir, 'profile'), {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    acceptDownloads: true,
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
      `--lang=${lang}`,
    ],
  });
  const background = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(background.url()).host;
  return {
    server,
    dbFile,
    context,
    background,
    extensionId,
    async open(path, viewport = { width: 1280, height: 860 }) {
      const page = await context.newPage();
      await page.setViewportSize(viewport);
      await page.goto(`chrome-extension://${extensionId}/${path}`);
      return page;
    },
    async close() {
      await context.close();
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Signs in on an extension page that shows the sign-in form (the dashboard does when signed out).
 */
export async function signIn(page: Page, serverUrl: string, account = OWNER): Promise<void> {
  await page.getByLabel('Server URL').fill(serverUrl);
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** A signed-in caller of the real API, for setting the scene (objects the test is not about). */
export async function apiAs(serverUrl: string, account = OWNER) {
  const login = await fetch(`${serverUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(account),
  });
  if (!login.ok) throw new Error(`sign-in failed: ${login.status} ${await login.text()}`);
  const { token, memberships } = (await login.json()) as {
    token: string;
    memberships: { orgId: string }[];
  };
  const orgId = memberships[0]!.orgId;
  async function call<T>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> {
    const response = await fetch(`${serverUrl}${path.replace(':org', orgId)}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }
  return { token, orgId, call };
}
