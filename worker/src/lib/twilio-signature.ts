/**
 * Checks a Twilio-style status callback: `X-Twilio-Signature` is base64 of HMAC-SHA1, keyed with
 * the account's auth token, of the full URL Twilio posted to followed by every form parameter's name
 * and value, sorted by name. Web Crypto only: runs in Workers and on Node.
 */
import { timingSafeEqual } from './encoding';

export async function verifyTwilioSignature(
  authToken: string,
  url: string,
  params: [string, string][],
  signature: string | undefined,
): Promise<boolean> {
  if (!signature) return false;
  const data =
    url +
    [...params]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => k + v)
      .join('');
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(authToken),
    { name: 'HMAC', hash: 'SHA-1' },
    false,
    ['sign'],
  );
  const expected = new Uint8Array(
    await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(data)),
  );
  let given: Uint8Array;
  try {
    given = Uint8Array.from(atob(signature.trim()), (ch) => ch.charCodeAt(0));
  } catch {
    return false;
  }
  return timingSafeEqual(expected, given);
}
