/**
 * The import's answer is streamed (worker/src/lib/json-stream.ts): the same text JSON.stringify
 * writes, in parts.
 */
import { describe, expect, it } from 'vitest';
import { jsonStream } from '../../../worker/src/lib/json-stream';

const streamed = (value: object) => new Response(jsonStream(value)).text();

describe('jsonStream', () => {
  it('writes what JSON.stringify writes, long arrays and left-out values included', async () => {
    const errors = Array.from({ length: 4321 }, (_, i) => ({
      row: i + 2,
      code: 'missing_name',
      message: `Row «${i}» "quoted" \u2028`,
    }));
    const values: object[] = [
      {},
      { created: 0, skipped: 0, errors: [] },
      {
        created: 3,
        skipped: 1,
        errors,
        ignoredColumns: ['Notes', 'x'.repeat(70_000)],
        invited: undefined,
      },
      { a: undefined, b: () => 1, c: null, d: [undefined, 1, 'é'], e: { nested: [1, 2] } },
      { list: Array.from({ length: 2000 }, (_, i) => i), tail: true },
    ];
    for (const value of values) expect(await streamed(value)).toBe(JSON.stringify(value));
  });

  it('sends a long answer in several parts', async () => {
    const value = {
      errors: Array.from({ length: 20_000 }, (_, i) => ({
        row: i,
        code: 'too_long',
        message: 'Names and position are at most 100 characters',
      })),
    };
    const reader = jsonStream(value).getReader();
    let parts = 0;
    for (let r = await reader.read(); !r.done; r = await reader.read()) parts++;
    expect(parts).toBeGreaterThan(10);
  });
});
