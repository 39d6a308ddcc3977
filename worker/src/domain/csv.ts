/**
 * CSV as spreadsheets write it (RFC 4180): a byte-order mark, CRLF or LF line ends, quoted fields holding commas,
 * quotes ("") and line breaks; `;` as the separator when the header line uses it (spreadsheets in many locales).
 * Writing neutralizes formula injection: a cell that starts with = + - @ (or a tab / CR) gets a leading `'`, so a
 * spreadsheet shows it as text instead of running it; plain numbers such as +79051111111 stay as they are.
 */

/** One record: its fields and its number as a spreadsheet counts rows (blank lines are not counted). */
export interface CsvRecord {
  row: number;
  fields: string[];
}

export function detectSeparator(text: string): ',' | ';' {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  return firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
}

/** Parses the whole text; an unterminated quote runs to the end, as spreadsheets read it. */
export function parseCsv(input: string): CsvRecord[] {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const sep = detectSeparator(text);
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const endRecord = () => {
    fields.push(field);
    if (fields.length > 1 || fields[0]!.trim() !== '') records.push({ row: records.length + 1, fields });
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

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

/** A cell as text a spreadsheet will not evaluate. */
export function neutralizeCell(value: string): string {
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

/** One CSV line (CRLF-terminated), every cell neutralized and quoted when it needs to be. */
export function csvLine(values: (string | null | undefined)[]): string {
  return `${values
    .map((v) => {
      const cell = neutralizeCell(v ?? '');
      return /[",;\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
    })
    .join(',')}\r\n`;
}
