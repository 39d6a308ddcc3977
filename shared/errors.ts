/**
 * The closed set of error codes of the HTTP API (docs/DESIGN.md §3), their status codes, and a readable
 * sentence for each, so every client shows people a sentence instead of a code.
 */
export const ERROR_STATUS = {
  invalid_json: 400,
  invalid_input: 422,
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  password_change_required: 403,
  verification_required: 403,
  not_found: 404,
  already_member: 409,
  already_invited: 409,
  already_applied: 409,
  already_reviewed: 409,
  conflict: 409,
  link_expired: 410,
  link_revoked: 410,
  link_exhausted: 410,
  invitation_expired: 410,
  invitation_canceled: 410,
  invitation_accepted: 410,
  token_used: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  wrong_host: 421,
  rate_limited: 429,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[];

/**
 * What a person reads when a request fails with this code and the server's message is not shown.
 */
export const ERROR_SENTENCES: Record<ErrorCode, string> = {
  invalid_json: 'The request could not be read.',
  invalid_input: 'Some fields are not valid. Check them and try again.',
  unauthenticated: 'Your session has ended. Please sign in again.',
  invalid_credentials: 'That e-mail and password do not match.',
  forbidden: 'You do not have permission to do that.',
  password_change_required: 'Please choose a new password before you continue.',
  verification_required: 'Confirm that the address is yours with the code we send to it.',
  not_found: 'That item no longer exists, or you cannot see it.',
  already_member: 'That person is already a member of the organization.',
  already_invited:
    'That person already has a pending invitation. Cancel it first to send a new one.',
  already_applied:
    'That e-mail address asked to join recently; what comes next goes to its mailbox.',
  already_reviewed: 'Someone has already reviewed this application.',
  conflict: 'That conflicts with something that already exists.',
  link_expired: 'This invitation link has expired.',
  link_revoked: 'This invitation link has been turned off.',
  link_exhausted: 'This invitation link has been used as many times as allowed.',
  invitation_expired: 'This invitation has expired. Ask for a new one.',
  invitation_canceled: 'This invitation was canceled.',
  invitation_accepted: 'This invitation has already been accepted.',
  token_used: 'This link has already been used.',
  payload_too_large: 'That is more data than the server accepts in one request.',
  unsupported_media_type: 'The server cannot read data of that type.',
  wrong_host: 'The server does not answer to this address. Use the server URL it was set up with.',
  rate_limited: 'Too many attempts. Please wait a moment and try again.',
  internal: 'Something went wrong on the server. Please try again.',
};

/** The one error body of the API. */
export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    fields?: Record<string, string>;
    requestId?: string;
  };
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_STATUS, value);
}
