/**
 * Tokens in URLs (links, invitations, set-password and confirm links) are derived, never stored:
 * the token is `<record id>.<HMAC-SHA256(TOKEN_SECRET, purpose:id:nonce)>`. The database holds only
 * the id and the nonce, so a copy of it never yields a working link; a new nonce (resend, revoke)
 * kills the old token at once. Session tokens are random instead (see features/accounts/sessions.ts) and
 * stored as a hash.
 */
import { fromBase64Url, timingSafeEqual, toBase64Url } from './encoding';

export type TokenPurpose =
  | 'link'
  | 'invitation'
  | 'set_password'
  | 'confirm_join'
  | 'reset_password'
  | 'initial_password'
  | 'verification_code'
  | 'form'
  | 'webhook_secret';

const ID_PART = /^[A-Za-z0-9_-]{1,64}$/;
const MAC_LENGTH = 43; // 32 bytes, base64url without padding

export interface ParsedToken {
  id: string;
  mac: string;
}

export interface TokenKit {
  /** The token for a record: `<id>.<mac>`. */
  derive(purpose: TokenPurpose, id: string, nonce: string): Promise<string>;
  /** Whether `token` is the one derived for this record and nonce; constant-time. */
  matches(purpose: TokenPurpose, token: ParsedToken, nonce: string): Promise<boolean>;
  /** Raw HMAC bytes, for other derived values (initial passwords, form tokens). */
  mac(purpose: TokenPurpose, ...parts: string[]): Promise<Uint8Array>;
}

/**
 * Splits a token from a URL into its parts, or null when it cannot be one of ours (never throws).
 */
export function parseToken(token: string): ParsedToken | null {
  if (token.length > 64 + 1 + MAC_LENGTH) return null;
  const dot = token.indexOf('.');
  if (dot < 1) return null;
  const id = token.slice(0, dot);
  const mac = token.slice(dot + 1);
  if (!ID_PART.test(id) || mac.length !== MAC_LENGTH) return null;
  // Only the canonical spelling: the last character's two spare bits must be zero, so no token has
  // twins.
  const bytes = fromBase64Url(mac);
  if (bytes === null || toBase64Url(bytes) !== mac) return null;
  return { id, mac };
}

export function createTokenKit(secret: string): TokenKit {
  if (secret.length < 32) throw new Error('TOKEN_SECRET must be at least 32 characters');
  let key: ReturnType<typeof crypto.subtle.importKey> | undefined;
  const hmacKey = () =>
    (key ??= crypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    ));

  const mac = async (purpose: TokenPurpose, ...parts: string[]) =>
    new Uint8Array(
      await crypto.subtle.sign(
        'HMAC',
        await hmacKey(),
        new TextEncoder().encode([purpose, ...parts].join(':')),
      ),
    );

  return {
    mac,
    async derive(purpose, id, nonce) {
      return `${id}.${toBase64Url(await mac(purpose, id, nonce))}`;
    },
    async matches(purpose, token, nonce) {
      const expected = await mac(purpose, token.id, nonce);
      const given = fromBase64Url(token.mac);
      return given !== null && timingSafeEqual(expected, given);
    },
  };
}
