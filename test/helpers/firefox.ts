/**
 * Real Firefox (the one Debian packages, /usr/bin/firefox-esr) driven over Marionette, its own
 * remote protocol, with nothing downloaded: a JSON-over-TCP client of a few commands, enough to
 * install the built add-on as a temporary one, open its pages in tabs, type, click, read, run
 * scripts in a page or in the browser itself, and take screenshots. The add-on's internal uuid is
 * fixed by a preference, so `moz-extension://<uuid>/popup.html` is known.
 *
 * Marionette refuses to navigate a tab to a `moz-extension:` page; a tab opened from the browser's
 * own (chrome) context may show one, which needs Firefox started with
 * `-remote-allow-system-access`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectTo, Connection } from './marionette';
import { freePort } from './server-process';

export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

export interface FirefoxOptions {
  /** Preferences beyond the ones every run needs. */
  prefs?: Record<string, string | number | boolean>;
  /** Add-on id → the internal uuid its pages get (`moz-extension://<uuid>/`). */
  uuids?: Record<string, string>;
}

/** An element of the current page, as Marionette names it. */
export type Element = { [ELEMENT]: string };

export interface Firefox {
  version: string;
  /** Installs an unpacked add-on for this run only; answers its id. */
  installAddon(path: string): Promise<string>;
  /**
   * Opens `url` in a new tab (extension pages too) and makes it the current one; answers its
   * handle.
   */
  openTab(url: string): Promise<string>;
  switchTo(handle: string): Promise<void>;
  closeTab(): Promise<void>;
  url(): Promise<string>;
  /**
   * The first element matching `selector` (CSS, or XPath when it starts with `/` or `(`), waiting
   * up to `timeoutMs`.
   */
  find(selector: string, timeoutMs?: number): Promise<Element>;
  findAll(selector: string): Promise<Element[]>;
  type(element: Element, text: string): Promise<void>;
  clear(element: Element): Promise<void>;
  click(element: Element): Promise<void>;
  text(element: Element): Promise<string>;
  property<T>(element: Element, name: string): Promise<T>;
  /**
   * Runs `body` (a function body; `arguments` holds `args`) in the current page and answers what it
   * returns.
   */
  script<T>(body: string, ...args: unknown[]): Promise<T>;
  /** The same, awaiting the promise `body` returns. */
  scriptAsync<T>(body: string, ...args: unknown[]): Promise<T>;
  /** Runs `body` in the browser's own window (tabs, permission prompts), with system access. */
  chrome<T>(body: string, ...args: unknown[]): Promise<T>;
  /** Waits until `check` answers something truthy, polling; answers it. */
  until<T>(check: () => Promise<T>, timeoutMs?: number, what?: string): Promise<NonNullable<T>>;
  /** A PNG of the current page, or of one element of it. */
  screenshot(path: string, element?: Element): Promise<void>;
  close(): Promise<void>;
}

const pref = (name: string, value: string | number | boolean) =>
  `user_pref(${JSON.stringify(name)}, ${JSON.stringify(value)});`;

export async function launchFirefox(options: FirefoxOptions = {}): Promise<Firefox> {
  const profile = mkdtempSync(join(tmpdir(), 'invitations-firefox-'));
  const port = await freePort();
  const prefs: Record<string, string | number | boolean> = {
    'marionette.port': port,
    'extensions.webextensions.uuids': JSON.stringify(options.uuids ?? {}),
    // No D-Bus in a container: Firefox shows its own notifications.
    'alerts.useSystemBackend': false,
    'browser.shell.checkDefaultBrowser': false,
    'browser.startup.homepage_override.mstone': 'ignore',
    'datareporting.policy.dataSubmissionEnabled': false,
    'toolkit.telemetry.reportingpolicy.firstRun': false,
    'app.update.disabledForTesting': true,
    'browser.aboutwelcome.enabled': false,
    ...options.prefs,
  };
  writeFileSync(
    join(profile, 'user.js'),
    Object.entries(prefs)
      .map(([k, v]) => pref(k, v))
      .join('\n'),
  );
  let out = '';
  const child = spawn(
    FIREFOX_PATH,
    ['-marionette', '-headless', '-no-remote', '-remote-allow-system-access', '-profile', profile],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, MOZ_HEADLESS_WIDTH: '1280', MOZ_HEADLESS_HEIGHT: '900' },
    },
  );
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const socket = await connectTo(port, child, () => out);
  const m = new Connection(socket);
  await m.greeting;
  const session = await m.send<{ capabilities: { browserVersion: string } }>(
    'WebDriver:NewSession',
    { capabilities: { alwaysMatch: { acceptInsecureCerts: true } } },
  );

  const inContext = async <T>(context: 'chrome' | 'content', run: () => Promise<T>): Promise<T> => {
    await m.send('Marionette:SetContext', { value: context });
    try {
      return await run();
    } finally {
      if (context === 'chrome') await m.send('Marionette:SetContext', { value: 'content' });
    }
  };
  // Most answers come as `{value}`; a few (the window handles) bare.
  const value = async <T>(name: string, params: object = {}) => {
    const result = await m.send<{ value: T } | T>(name, params);
    return (
      result !== null && typeof result === 'object' && !Array.isArray(result) && 'value' in result
        ? result.value
        : result
    ) as T;
  };
  const using = (selector: string) =>
    selector.startsWith('/') || selector.startsWith('(') ? 'xpath' : 'css selector';
  const id = (element: Element) => element[ELEMENT];

  const firefox: Firefox = {
    version: session.capabilities.browserVersion,
    async installAddon(path) {
      return value<string>('Addon:Install', { path, temporary: true });
    },
    async openTab(url) {
      const before = await value<string[]>('WebDriver:GetWindowHandles');
      await inContext('chrome', () =>
        m.send('WebDriver:ExecuteScript', {
          script:
            'gBrowser.selectedTab = gBrowser.addTab(arguments[0], { triggeringPrincipal: Services.scriptSecurityManager.getSystemPrincipal() });',
          args: [url],
        }),
      );
      const handle = await firefox.until(
        async () =>
          (await value<string[]>('WebDriver:GetWindowHandles')).find((h) => !before.includes(h)),
        10_000,
        `a tab for ${url}`,
      );
      await firefox.switchTo(handle);
      await firefox.until(
        async () => (await firefox.script<string>('return document.readyState;')) === 'complete',
        20_000,
        `${url} to load`,
      );
      return handle;
    },
    async switchTo(handle) {
      await m.send('WebDriver:SwitchToWindow', { handle, focus: true });
      // Also the tab the browser shows (prompts open on the selected tab only).
      await inContext('chrome', () =>
        m.send('WebDriver:ExecuteScript', {
          script:
            'const b = gBrowser.browsers.find((b) => String(b.browsingContext?.id) === arguments[0]); if (b) gBrowser.selectedTab = gBrowser.getTabForBrowser(b);',
          args: [handle],
        }),
      );
    },
    async closeTab() {
      const left = await value<string[]>('WebDriver:CloseWindow');
      if (left.length) await firefox.switchTo(left.at(-1)!);
    },
    url: () => value<string>('WebDriver:GetCurrentURL'),
    async find(selector, timeoutMs = 10_000) {
      return firefox.until(async () => (await firefox.findAll(selector))[0], timeoutMs, selector);
    },
    async findAll(selector) {
      return value<Element[]>('WebDriver:FindElements', {
        using: using(selector),
        value: selector,
      });
    },
    async type(element, text) {
      await m.send('WebDriver:ElementSendKeys', { id: id(element), text });
    },
    async clear(element) {
      await m.send('WebDriver:ElementClear', { id: id(element) });
    },
    async click(element) {
      await m.send('WebDriver:ElementClick', { id: id(element) });
    },
    text: (element) => value<string>('WebDriver:GetElementText', { id: id(element) }),
    property: <T>(element: Element, name: string) =>
      value<T>('WebDriver:GetElementProperty', { id: id(element), name }),
    script: <T>(body: string, ...args: unknown[]) =>
      value<T>('WebDriver:ExecuteScript', { script: body, args }),
    scriptAsync: <T>(body: string, ...args: unknown[]) =>
      value<T>('WebDriver:ExecuteAsyncScript', {
        script: `const done = arguments[arguments.length - 1]; Promise.resolve().then(() => { ${body} }).then((v) => done({ ok: v }), (e) => done({ error: String(e) }));`,
        args,
      }).then((r) => {
        const result = r as { ok?: T; error?: string };
        if (result.error !== undefined) throw new Error(result.error);
        return result.ok as T;
      }),
    chrome: <T>(body: string, ...args: unknown[]) =>
      inContext('chrome', () => value<T>('WebDriver:ExecuteScript', { script: body, args })),
    async until<T>(check: () => Promise<T>, timeoutMs = 10_000, what = 'a condition') {
      const deadline = Date.now() + timeoutMs;
      let last: unknown;
      for (;;) {
        try {
          const result = await check();
          if (result) return result as NonNullable<T>;
        } catch (error) {
          last = error;
        }
        if (Date.now() > deadline)
          throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async screenshot(path, element) {
      writeFileSync(
        path,
        Buffer.from(
          await value<string>('WebDriver:TakeScreenshot', element ? { id: id(element) } : {}),
          'base64',
        ),
      );
    },
    async close() {
      await m.send('WebDriver:DeleteSession').catch(() => undefined);
      await m.send('Marionette:Quit', { flags: ['eForceQuit'] }).catch(() => undefined);
      socket.destroy();
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(killer);
      rmSync(profile, { recursive: true, force: true });
    },
  };
  return firefox;
}
