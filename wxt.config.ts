import { fileURLToPath } from 'node:url';
import type { ManualChunksOption, Plugin } from 'rollup';
import { defineConfig } from 'wxt';

/**
 * The extension's public key pins its id to `kgknponoaabbnjcnjoeagpodpmkkpgfh` in Chromium, so the
 * server's CORS list (EXTENSION_ORIGINS) can name it. Only the public half lives here; nobody needs
 * the private key unless the extension is packed as a .crx outside a store.
 */
const EXTENSION_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAwokdWxtuErNhMj4BWqnjr4Kty8vqJgaW6zGfNpMLXJPwho/lK5ukAgG2M9AKy2V/X+1k96nFl+vuCeSdWt+wJr/L0Ph9pZsLpW8G6vcMDsaxOrWQsNUS7nf/6zfXJc3zXx7m6UudeJXYvzFUdfg11VBtYqQ2ueckxPU5WhtAfu9Dj05xAQ6Cv1CvMCgKMJj31eI6Gg2Ad3YxxDT46/VLDxpaXZ5EoilXzwcXfMN+c2/NU6F741hluQLkFJ2ToCNlWuYYokHpEEyGcWjBSNXmqg8X/xhXglYYgmIhYw38vtbg932oWypL8GjwmoLgfJdEcZ+UkfdrNT6970Cp//OOuwIDAQAB';

/**
 * The popup's JavaScript is budgeted (30.5 KB gzip in total, test/e2e/popup-bundle.test.ts), so everything the popup needs goes into
 * one chunk: several small shared chunks would each cost import/export glue and compress worse. The
 * options page and the dashboard import the parts they share from that chunk; what only they use
 * (zod schemas, tables, the dashboard's API routes of `shared/client-admin`) stays in theirs.
 */
const popupChunks: ManualChunksOption = (id, { getModuleInfo }) => {
  if (id.endsWith('/extension/entrypoints/popup/main.tsx')) return undefined;
  const seen = new Set<string>();
  const reachesPopup = (moduleId: string): boolean => {
    if (moduleId.includes('/extension/entrypoints/popup/')) return true;
    if (seen.has(moduleId)) return false;
    seen.add(moduleId);
    const info = getModuleInfo(moduleId);
    return [...(info?.importers ?? []), ...(info?.dynamicImporters ?? [])].some(reachesPopup);
  };
  return reachesPopup(id) ? 'common' : undefined;
};

/**
 * The QR encoder's segment optimiser replaced by a smaller one (extension/lib/qr-segments.ts says
 * why): only the `./segments` that `qrcode/lib/core/qrcode.js` requires is redirected.
 */
const qrSegments: Plugin & { enforce: 'pre' } = {
  name: 'qr-segments',
  enforce: 'pre',
  resolveId(source, importer) {
    if (
      source !== './segments' ||
      !importer?.replaceAll('\\', '/').endsWith('/qrcode/lib/core/qrcode.js')
    )
      return null;
    return fileURLToPath(new URL('./extension/lib/qr-segments.ts', import.meta.url));
  },
};

export default defineConfig({
  // The extension's words: extension/locales/<lang>.json, built into _locales/<lang>/messages.json
  // (docs/I18N-extension.md).
  modules: ['@wxt-dev/i18n/module'],
  vite: () => ({
    plugins: [qrSegments],
    build: {
      rollupOptions: {
        // zod's sources carry /*@__PURE__*/ comments where Rollup cannot use them: it says so on every
        // build, in many lines, and nothing is wrong with the output.
        onwarn(warning, warn) {
          if (warning.code !== 'INVALID_ANNOTATION') warn(warning);
        },
      },
    },
  }),
  hooks: {
    'vite:build:extendConfig': (entrypoints, config) => {
      if (!entrypoints.some((entrypoint) => entrypoint.name === 'popup')) return;
      config.build ??= {};
      // Extension pages run in browsers that all support module preload; the polyfill is dead
      // weight.
      config.build.modulePreload = { polyfill: false };
      const output = config.build.rollupOptions?.output;
      if (output && !Array.isArray(output)) output.manualChunks = popupChunks;
    },
  },
  // `npm run zip:firefox`: the sources zip Mozilla's reviewers build the add-on from holds what the
  // build reads, and docs/FIREFOX.md; the server, tests and benchmarks stay out.
  zip: {
    excludeSources: [
      'dist/**',
      'data/**',
      'worker/**',
      'test/**',
      'bench/**',
      'scripts/**',
      'docs/**',
      'wrangler.toml',
      'drizzle.config.ts',
      'vitest*.ts',
    ],
    includeSources: ['docs/FIREFOX.md'],
  },
  srcDir: 'extension',
  publicDir: 'extension/public',
  outDir: '.output',
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // activeTab: the popup reads the address of the tab it was opened over, to speak of an
    // invitation shown there.
    permissions: ['storage', 'alarms', 'notifications', 'activeTab'],
    // The local server (`npm start`) is granted; any other server is asked for, one host at a time,
    // on the options page or at sign-in (browser.permissions.request). Patterns name hosts without
    // a port: Firefox matches a pattern with a port against nothing, and without one both browsers
    // match every port (docs/FIREFOX.md). Firefox's MV2 build has no optional_host_permissions.
    optional_host_permissions: ['http://*/*', 'https://*/*'],
    host_permissions: ['http://localhost/*', 'http://127.0.0.1/*'],
    ...(browser === 'firefox'
      ? {
          optional_permissions: ['http://*/*', 'https://*/*'],
          browser_specific_settings: {
            gecko: {
              id: 'invitations@invitations.local',
              // data_collection_permissions needs Firefox 140 on desktop, 142 on Android.
              strict_min_version: '140.0',
              // What leaves the browser, to the organization's own server the user names: the
              // sign-in (e-mail or phone and password) and the names and addresses of the people
              // the user invites or reviews.
              data_collection_permissions: {
                required: ['authenticationInfo', 'personallyIdentifyingInfo'],
              },
            },
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : { key: EXTENSION_KEY }),
  }),
});
