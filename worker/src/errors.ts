import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { core } from 'zod/mini';
import { ERROR_STATUS, type ErrorBody, type ErrorCode } from '../../shared/errors';

/**
 * The one error type of the API: a code from the closed set, a message for people, and bad fields.
 */
export class AppError extends Error {
  readonly status: ContentfulStatusCode;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.status = ERROR_STATUS[code];
  }
}

export const notFound = (what = 'That item') => new AppError('not_found', `${what} was not found`);
export const forbidden = (message = 'You do not have permission to do that') =>
  new AppError('forbidden', message);

/** Turns zod issues into `fields`: one sentence per bad field, named by its path. */
export function invalidInput(error: core.$ZodError, prefix?: string): AppError {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '_';
    const message =
      issue.code === 'unrecognized_keys'
        ? `unknown field(s): ${issue.keys.join(', ')}`
        : issue.message;
    const key =
      issue.code === 'unrecognized_keys'
        ? [path === '_' ? '' : path, issue.keys[0]].filter(Boolean).join('.')
        : path;
    fields[key] ??= message;
  }
  const summary = Object.entries(fields)
    .slice(0, 3)
    .map(([k, v]) => (k === '_' ? v : `${k}: ${v}`))
    .join('; ');
  return new AppError('invalid_input', `Invalid input (${summary})`, fields);
}

export function errorBody(err: AppError, requestId?: string): ErrorBody {
  return {
    error: {
      code: err.code,
      message: err.message,
      ...(err.fields ? { fields: err.fields } : {}),
      ...(requestId ? { requestId } : {}),
    },
  };
}

/**
 * Maps anything thrown to the contract's error shape; unknown errors become a 500 logged without
 * secrets.
 */
export function toAppError(err: unknown): AppError | null {
  if (err instanceof AppError) return err;
  if (err instanceof HTTPException) {
    if (err.status === 400)
      return new AppError('invalid_json', 'The request body is not valid JSON');
    if (err.status === 413)
      return new AppError('payload_too_large', 'The request body is too large');
    if (err.status === 401) return new AppError('unauthenticated', 'Sign in first');
    if (err.status === 404) return new AppError('not_found', 'Not found');
  }
  return null;
}

export function respondError(c: Context, err: AppError): Response {
  if (err.retryAfterSeconds !== undefined) c.header('Retry-After', String(err.retryAfterSeconds));
  c.header('Cache-Control', 'no-store');
  return c.json(errorBody(err, c.get('requestId') as string | undefined), err.status);
}
