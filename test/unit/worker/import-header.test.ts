/**
 * The import's header (worker/src/features/members/import-rows.ts readHeader) skips normalizing a cell with
 * more letters than any column name, so a hostile header cell of megabytes costs little; it must
 * name the same columns as before.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IMPORT_COLUMNS } from '../../../shared/api/members';
import { readHeader } from '../../../worker/src/features/members/import-rows';

const outcome = async (fields: string[]) => {
  try {
    return await readHeader({ row: 1, fields });
  } catch (err) {
    return { refused: err instanceof Error ? err.message : String(err) };
  }
};

describe('readHeader', () => {
  it('names columns as their cells read, spaces, _ and - anywhere and any case', async () => {
    expect(
      await outcome([`first${' '.repeat(5000)}NAME`, 'last_-_name', '\u00a0e-mail\t', 'Notes']),
    ).toEqual({ columns: { firstName: 0, lastName: 1, email: 2 }, ignored: ['Notes'] });
    const long = 'a b_c-'.repeat(100_000);
    expect(await outcome(['firstName', 'lastName', 'phone', long])).toEqual({
      columns: { firstName: 0, lastName: 1, phone: 2 },
      ignored: [long.trim().slice(0, 60)],
    });
  });

  it('finds a known name inside any padding of separators, and no name in a cell with more letters', async () => {
    const separators = fc.string({
      unit: fc.constantFrom(' ', '_', '-', '\t', '\u00a0', '\u3000', '\ufeff'),
      maxLength: 8,
    });
    const cell = fc.oneof(
      fc
        .tuple(
          fc.constantFrom(...IMPORT_COLUMNS, 'organizationunit', 'Date of Birth', 'E-Mail-Address'),
          separators,
          separators,
        )
        .map(([name, a, b]) => {
          const mid = Math.floor(name.length / 2);
          return `${a}${name.slice(0, mid)}${b}${name.slice(mid)}${a}`;
        }),
      fc
        .tuple(
          fc.constantFrom(...IMPORT_COLUMNS),
          fc.string({ unit: fc.constantFrom('x', 'İ', ' ', '_'), minLength: 1, maxLength: 12 }),
        )
        .map(([name, more]) => name + more),
    );
    const named: Record<string, string> = {
      organizationunit: 'department',
      dateofbirth: 'birthday',
      emailaddress: 'email',
    };
    for (const c of IMPORT_COLUMNS) named[c.toLowerCase()] = c;
    await fc.assert(
      fc.asyncProperty(cell, async (text) => {
        const { columns } = await readHeader({
          row: 1,
          fields: [text, 'firstName', 'lastName', 'email', 'phone'],
        });
        const first = Object.entries(columns).find(([, i]) => i === 0)?.[0];
        expect(first).toBe(
          named[
            text
              .trim()
              .toLowerCase()
              .replace(/[\s_-]+/g, '')
          ],
        );
      }),
      { numRuns: 500 },
    );
  });
});
