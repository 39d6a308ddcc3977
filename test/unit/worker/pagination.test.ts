import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, toPage } from '../../../worker/src/db/pagination';
import { AppError } from '../../../worker/src/errors';

describe('cursor pagination', () => {
  it('round-trips a cursor', () => {
    expect(decodeCursor(encodeCursor({ t: 1700000000000, id: 'abc' }))).toEqual({
      t: 1700000000000,
      id: 'abc',
    });
    expect(decodeCursor(undefined)).toBeUndefined();
  });

  it('refuses a cursor it did not give out with invalid_input', () => {
    for (const bad of [
      'garbage',
      '!!!',
      encodeCursor({ t: 1, id: 'x' }).slice(0, 5),
      'eyJ0IjoieCJ9',
    ]) {
      const err = (() => {
        try {
          decodeCursor(bad);
        } catch (e) {
          return e;
        }
      })();
      expect(err, bad).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('invalid_input');
    }
  });

  it('gives a next cursor only when a further row exists', () => {
    const rows = [1, 2, 3].map((n) => ({ t: n, id: `r${n}` }));
    const full = toPage(
      rows,
      2,
      (r) => r,
      (r) => r.id,
    );
    expect(full.items).toEqual(['r1', 'r2']);
    expect(decodeCursor(full.nextCursor!)).toEqual({ t: 2, id: 'r2' });
    expect(
      toPage(
        rows,
        3,
        (r) => r,
        (r) => r.id,
      ).nextCursor,
    ).toBeNull();
  });
});
