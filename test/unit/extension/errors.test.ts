import { describe, expect, it } from 'vitest';
import { describeError, isOffline, isSessionEnded, Problem } from '../../../extension/lib/errors';
import { ApiError, NetworkError } from '../../../shared/client';
import { ERROR_CODES, ERROR_SENTENCES, ERROR_STATUS } from '../../../shared/errors';

describe('error sentences', () => {
  it('gives every API error code a readable sentence, never JSON or a bare code', () => {
    for (const code of ERROR_CODES) {
      const text = describeError(new ApiError(ERROR_STATUS[code], code, code));
      expect(text).toMatch(/^[A-Z].*\.$/);
      expect(text).not.toContain('{');
      expect(text).not.toBe(code);
    }
  });

  it("prefers the server's own sentence", () => {
    expect(
      describeError(
        new ApiError(409, 'already_invited', 'a@example.com already has a pending invitation'),
      ),
    ).toBe('a@example.com already has a pending invitation');
  });

  it('lists the invalid fields', () => {
    const error = new ApiError(422, 'invalid_input', 'invalid', {
      email: 'must be a valid e-mail address',
      firstName: 'is required',
    });
    expect(describeError(error)).toBe(
      'Please correct: email must be a valid e-mail address; first name is required.',
    );
  });

  it('says how long to wait when rate limited', () => {
    expect(describeError(new ApiError(429, 'rate_limited', 'x', {}, 30))).toBe(
      `${ERROR_SENTENCES.rate_limited} Try again in 30 seconds.`,
    );
  });

  it('never shows a server crash message', () => {
    expect(
      describeError(new ApiError(500, 'internal', 'TypeError: x is undefined at foo.ts:12')),
    ).toBe(ERROR_SENTENCES.internal);
  });

  it('names the unreachable server', () => {
    const error = new NetworkError('http://localhost:8787');
    expect(describeError(error)).toMatch(/^Cannot reach the server at http:\/\/localhost:8787\./);
    expect(isOffline(error)).toBe(true);
  });

  it('recognizes an ended session and passes page problems through', () => {
    expect(isSessionEnded(new ApiError(401, 'unauthenticated', 'x'))).toBe(true);
    expect(isSessionEnded(new ApiError(401, 'invalid_credentials', 'x'))).toBe(false);
    expect(describeError(new Problem('The file has no rows.'))).toBe('The file has no rows.');
    expect(describeError(new Error('boom'))).toBe('Something went wrong. Please try again.');
  });
});
