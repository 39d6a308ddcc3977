/**
 * The import's CSV parser (worker/src/features/members/csv.ts) reads in steps and takes runs of text with
 * indexOf/slice; it must read every text exactly as the character-at-a-time parser it replaced did,
 * whatever the step size. That parser is kept below as the reference.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  detectSeparator,
  parseCsv,
  type CsvRecord,
} from '../../../worker/src/features/members/csv';
import { splitRecords } from '../../../shared/csv';

/**
 * The parser before it read in steps (one character at a time, one synchronous pass): the
 * reference.
 */
function referenceParse(input: string): CsvRecord[] {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const sep = detectSeparator(text);
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const endRecord = () => {
    fields.push(field);
    if (fields.length > 1 || fields[0]!.trim() !== '')
      records.push({ row: records.length + 1, fields });
    fields = [];
    field = '';
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (ch === sep) {
      fields.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      endRecord();
      if (ch === '\r' && text[i + 1] === '\n') i++;
    } else field += ch;
    i++;
  }
  if (field !== '' || fields.length > 0) endRecord();
  return records;
}

/** Texts made mostly of what CSV treats specially, white space of several kinds included. */
const csvText = fc.string({
  unit: fc.constantFrom(
    '"',
    '"',
    ',',
    ';',
    '\n',
    '\r',
    ' ',
    '\t',
    '\u00a0',
    '\ufeff',
    'a',
    'b',
    'é',
    '🙂',
  ),
  maxLength: 40,
});
const STEPS = [1, 2, 3, 5, 17, 256 * 1024];

describe('parseCsv', () => {
  // Every step gives the event loop back (a timer), so small steps make a run slow: a few hundred
  // runs.
  it('reads every text as the reference parser does, at every step size', {
    timeout: 60_000,
  }, async () => {
    await fc.assert(
      fc.asyncProperty(csvText, fc.constantFrom(...STEPS), async (text, step) => {
        expect(await parseCsv(text, step)).toEqual(referenceParse(text));
      }),
      { numRuns: 1500 },
    );
  });

  it('reads the cases spreadsheets write, and the odd ones, as the reference does', async () => {
    const cases = [
      '\uFEFFa,b\r\n"x, y","say ""hi"""\r\n\r\n"multi\nline",z',
      'a;b\n1;"2;3"\n',
      '  "padded" , x\n',
      '"a"b"c",d\n',
      '" "" "\n',
      '" " "reopened"\n',
      'a,"unterminated ""quote\nto the end',
      '"",""\n""\n',
      'a,\n,\n\n',
      '"',
      '""""',
    ];
    for (const text of cases)
      for (const step of STEPS)
        expect(await parseCsv(text, step), JSON.stringify([text, step])).toEqual(
          referenceParse(text),
        );
  });

  it('numbers records as a spreadsheet counts rows, blank lines left out', async () => {
    expect(await parseCsv('h1,h2\n\n  \nA,B\r\n"",\n')).toEqual([
      { row: 1, fields: ['h1', 'h2'] },
      { row: 2, fields: ['A', 'B'] },
      { row: 3, fields: ['', ''] },
    ]);
  });

  it('reads a 10 MiB unterminated quote as one field running to the end', async () => {
    const body = 'x'.repeat(10 * 1024 * 1024);
    const records = await parseCsv(`firstName,lastName\n"${body}`);
    expect(records).toHaveLength(2);
    expect(records[1]!.fields).toEqual([body]);
  });
});

describe('splitRecords (the dashboard splits a file into parts with it: shared/csv.ts)', () => {
  it('gives the records the server reads: joined by line breaks, they read as the whole text', {
    timeout: 60_000,
  }, async () => {
    await fc.assert(
      fc.asyncProperty(csvText, async (input) => {
        const text = input;
        // The parts start with the header record, whose separator the server uses: the property
        // holds where the text's first line is that record (a text may start with a blank line or
        // `""`, or its header end in a lone CR, which detectSeparator takes for no line end).
        const records = splitRecords(text);
        fc.pre(detectSeparator(text) === detectSeparator(text.trimStart()));
        fc.pre(records.length === 0 || detectSeparator(text) === detectSeparator(records[0]!));
        // A byte-order mark is dropped only at the start of a text, which a record may become.
        fc.pre(!text.includes('\uFEFF'));
        const whole = await parseCsv(text);
        expect(await parseCsv(records.join('\n'))).toEqual(whole);
        expect(records).toHaveLength(whole.length);
      }),
      { numRuns: 1500 },
    );
  });

  it('keeps each record as written, quotes and inner line breaks included', () => {
    expect(splitRecords('\uFEFFa;b\r\n"x;\r\ny";z\r\r\n""\n  \nlast;"open\n')).toEqual([
      'a;b',
      '"x;\r\ny";z',
      'last;"open\n',
    ]);
  });
});
