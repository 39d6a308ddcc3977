import { defineConfig } from 'wxt';

/**
 * The extension's public key pins its id to `kgknponoaabbnjcnjoeagpodpmkkpgfh` in Chromium, so the server's
 * CORS list (EXTENSION_ORIGINS) can name it. Only the public half lives here; nobody needs the private key
 * unless the extension is packed as a .crx outside a store.
 */
const EXTENSION_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAwokdWxtuErNhMj4BWqnjr4Kty8vqJgaW6zGfNpMLXJPwho/lK5ukAgG2M9AKy2V/X+1k96nFl+vuCeSdWt+wJr/L0Ph9pZsLpW8G6vcMDsaxOrWQsNUS7nf/6zfXJc3zXx7m6UudeJXYvzFUdfg11VBtYqQ2ueckxPU5WhtAfu9Dj05xAQ6Cv1CvMCgKMJj31eI6Gg2Ad3YxxDT46/VLDxpaXZ5EoilXzwcXfMN+c2/NU6F741hluQLkFJ2ToCNlWuYYokHpEEyGcWjBSNXmqg8X/xhXglYYgmIhYw38vtbg932oWypL8GjwmoLgfJdEcZ+UkfdrNT6970Cp//OOuwIDAQAB';

export default defineConfig({
  srcDir: 'extension',
  publicDir: 'extension/public',
  outDir: '.output',
  manifest: ({ browser }) => ({
    name: 'Invitations',
    description: 'Share invitation links and QR codes, and review who wants to join your organization.',
    permissions: ['storage', 'alarms', 'notifications'],
    optional_host_permissions: ['http://*/*', 'https://*/*'],
    host_permissions: ['http://localhost:8787/*', 'http://127.0.0.1:8787/*'],
    ...(browser === 'firefox'
      ? { browser_specific_settings: { gecko: { id: 'invitations@invitations.local' } } }
      : { key: EXTENSION_KEY }),
  }),
});
