/** Turns anything a request can throw into one sentence a person can read. */
import { ApiError, NetworkError } from '../../shared/client';
import type { ErrorCode } from '../../shared/errors';
import { messageFor, plural, t, uiLocale } from './i18n';

/**
 * The sentence for an error code in the browser's language: the `error.<code>` messages, in English
 * the sentences of shared/errors.ts (a test holds them equal; the popup ships only the messages).
 */
export function errorSentence(code: ErrorCode): string {
  return messageFor(`error.${code}`);
}

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
  return new Problem(t('error.noAccess', [new URL(serverUrl).host]));
}

export function describeError(error: unknown): string {
  if (error instanceof NetworkError) {
    return t('error.network', [error.baseUrl]);
  }
  if (error instanceof ApiError) {
    if (error.code === 'rate_limited') {
      const sentence = errorSentence('rate_limited');
      return error.retryAfter
        ? `${sentence} ${plural('error.retryIn', error.retryAfter)}`
        : sentence;
    }
    if (error.code === 'internal' || error.code === 'unauthenticated')
      return errorSentence(error.code);
    // The fields' problems are the server's English words: listed for an English browser only.
    if (
      error.code === 'invalid_input' &&
      Object.keys(error.fields).length > 0 &&
      uiLocale() === 'en'
    ) {
      return t('error.correct', [fieldList(error.fields)]);
    }
    // The server words its messages for people, in English; a bare word would be a code or a
    // status text. In another language the code's own sentence reads better.
    return error.message.includes(' ') && uiLocale() === 'en'
      ? error.message
      : errorSentence(error.code);
  }
  if (error instanceof Problem) return error.message;
  return t('error.generic');
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
