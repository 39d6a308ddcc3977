/**
 * Checks a webhook signed the way Svix signs (Resend's webhooks): headers `svix-id`,
 * `svix-timestamp` (seconds) and `svix-signature`, one or more space-separated `v1,<base64>` where
 * each is HMAC-SHA256 of `<id>.<timestamp>.<raw body>` keyed with the bytes of the secret
 * `whsec_<base64>`. A timestamp more than five minutes away from now, in either direction, fails, so
 * a captured request cannot be replayed later. Web Crypto only: runs in Workers and on Node.
 */
import { timingSafeEqual } from './encoding';

export const SVIX_TOLERANCE_MS = 5 * 60_000;

type HmacKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;

export type SvixCheck =
  | { ok: true; id: string }
  | { ok: false; reason: 'unsigned' | 'stale' | 'mismatch' };

function fromBase64(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return null;
  try {
    return Uint8Array.from(atob(text), (ch) => ch.charCodeAt(0));
  } catch {
    return null;
  }
}

/** The HMAC key of a `whsec_…` secret (the prefix is optional), or null when it is not base64. */
export async function svixKey(secret: string): Promise<HmacKey | null> {
  const bytes = fromBase64(secret.trim().replace(/^whsec_/, ''));
  if (!bytes || bytes.length === 0) return null;
  return crypto.subtle.importKey(
    'raw',
    bytes as Uint8Array<ArrayBuffer>,
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
}

export async function verifySvix(
  key: HmacKey,
  headers: { id?: string; timestamp?: string; signature?: string },
  body: string,
  now: number,
): Promise<SvixCheck> {
  const { id, timestamp, signature } = headers;
  if (!id || !timestamp || !signature) return { ok: false, reason: 'unsigned' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'stale' };
  if (Math.abs(now - Number(timestamp) * 1000) > SVIX_TOLERANCE_MS)
    return { ok: false, reason: 'stale' };
  const expected = new Uint8Array(
    await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`${id}.${timestamp}.${body}`)),
  );
  // Every listed signature is tried (a secret being rotated signs with both); each compare takes
  // time that depends only on the lengths.
  let match = false;
  for (const part of signature.split(' ')) {
    const [version, value] = part.split(',', 2);
    if (version !== 'v1' || !value) continue;
    const given = fromBase64(value);
    if (given && timingSafeEqual(expected, given)) match = true;
  }
  return match ? { ok: true, id } : { ok: false, reason: 'mismatch' };
}
