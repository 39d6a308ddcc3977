/** Turns anything a request can throw into one sentence a person can read. */
import { ApiError, NetworkError } from '../../shared/client';
import { ERROR_SENTENCES } from '../../shared/errors';

/**
 * `{newPassword: 'must be at least 10 characters'}` → "new password must be at least 10
 * characters".
 */
function fieldList(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(
      ([field, problem]) => `${field.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`)} ${problem}`,
    )
    .join('; ');
}

/** A problem found in the page itself (not by the server), already worded for people. */
export class Problem extends Error {
  override readonly name = 'Problem';
}

/**
 * The browser has not let the extension reach the server (not the same as the server being down).
 */
export function noAccess(serverUrl: string): Problem {
  return new Problem(
    `Invitations may not reach ${new URL(serverUrl).host} yet. Sign in again and choose “Allow” when your browser asks.`,
  );
}

export function describeError(error: unknown): string {
  if (error instanceof NetworkError) {
    return `Cannot reach the server at ${error.baseUrl}. Check that it is running and that you are online.`;
  }
  if (error instanceof ApiError) {
    if (error.code === 'rate_limited') {
      const wait = error.retryAfter ? ` Try again in ${error.retryAfter} seconds.` : '';
      return `${ERROR_SENTENCES.rate_limited}${wait}`;
    }
    if (error.code === 'internal') return ERROR_SENTENCES.internal;
    if (error.code === 'invalid_input' && Object.keys(error.fields).length > 0) {
      return `Please correct: ${fieldList(error.fields)}.`;
    }
    if (error.code === 'unauthenticated') return ERROR_SENTENCES.unauthenticated;
    // The server words its messages for people; a bare word would be a code or a status text.
    return error.message.includes(' ') ? error.message : ERROR_SENTENCES[error.code];
  }
  if (error instanceof Problem) return error.message;
  return 'Something went wrong. Please try again.';
}

/**
 * The session is gone (expired, signed out elsewhere, or removed from the organization's user
 * list).
 */
export function isSessionEnded(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'unauthenticated';
}

export function isOffline(error: unknown): boolean {
  return error instanceof NetworkError;
}

export function isForbidden(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'forbidden';
}
