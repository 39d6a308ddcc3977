/**
 * Webhook signing secrets and signatures (Standard Webhooks). The secret is `whsec_<base64 of 24
 * random bytes>`, shown once; the server must recover it to sign, so it is stored AES-GCM encrypted
 * with a key derived from TOKEN_SECRET (the token kit's HMAC under its own purpose, lib/tokens.ts),
 * the endpoint's id as associated data. A copy of the database alone yields no secret
 * (docs/SECURITY.md, "Webhook secrets").
 */
import { fromBase64Url, randomBytes, toBase64Url } from '../../lib/encoding';
import type { TokenKit } from '../../lib/tokens';

const PREFIX = 'whsec_';

const toBase64 = (bytes: Uint8Array) => {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
};

const fromBase64 = (text: string) => Uint8Array.from(atob(text), (ch) => ch.charCodeAt(0));

export const newWebhookSecret = () => `${PREFIX}${toBase64(randomBytes(24))}`;

type AesKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;

const keys = new WeakMap<TokenKit, Promise<AesKey>>();

function keyOf(tokens: TokenKit): Promise<AesKey> {
  let key = keys.get(tokens);
  if (!key) {
    key = tokens
      .mac('webhook_secret', 'aes-gcm', 'v1')
      .then((raw) =>
        crypto.subtle.importKey('raw', raw as Uint8Array<ArrayBuffer>, 'AES-GCM', false, [
          'encrypt',
          'decrypt',
        ]),
      );
    keys.set(tokens, key);
  }
  return key;
}

const bytes = (text: string) => new TextEncoder().encode(text);

/** `v1.<iv>.<ciphertext>` (base64url), bound to the endpoint `id`. */
export async function encryptSecret(tokens: TokenKit, id: string, secret: string): Promise<string> {
  const iv = randomBytes(12) as Uint8Array<ArrayBuffer>;
  const sealed = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: bytes(id) },
    await keyOf(tokens),
    bytes(secret),
  );
  return `v1.${toBase64Url(iv)}.${toBase64Url(new Uint8Array(sealed))}`;
}

export async function decryptSecret(tokens: TokenKit, id: string, sealed: string): Promise<string> {
  const [version, iv, data] = sealed.split('.');
  const ivBytes = fromBase64Url(iv ?? '');
  const dataBytes = fromBase64Url(data ?? '');
  if (version !== 'v1' || !ivBytes || !dataBytes) throw new Error('unreadable webhook secret');
  const open = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: ivBytes as Uint8Array<ArrayBuffer>, additionalData: bytes(id) },
    await keyOf(tokens),
    dataBytes as Uint8Array<ArrayBuffer>,
  );
  return new TextDecoder().decode(open);
}

/**
 * The `webhook-signature` header: `v1,<base64 HMAC-SHA256("<id>.<timestamp>.<body>")>`, keyed with
 * the secret's bytes after `whsec_`.
 */
export async function signWebhook(
  secret: string,
  id: string,
  timestamp: number,
  body: string,
): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    fromBase64(secret.slice(PREFIX.length)),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = await crypto.subtle.sign('HMAC', key, bytes(`${id}.${timestamp}.${body}`));
  return `v1,${toBase64(new Uint8Array(mac))}`;
}
