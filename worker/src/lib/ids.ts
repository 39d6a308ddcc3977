import { randomBytes, toBase64Url } from './encoding';

/** A new opaque id: 96 random bits, 16 url-safe characters. */
export function newId(): string {
  return toBase64Url(randomBytes(12));
}

/** A nonce for a token derivation; a new one invalidates every token derived from the old. */
export function newNonce(): string {
  return toBase64Url(randomBytes(16));
}
