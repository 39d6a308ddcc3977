/**
 * CSV as spreadsheets write it (RFC 4180), read and written by the same rules on both sides: the
 * server's import reads it a step at a time (worker/src/features/members/csv.ts `readCsv`), the
 * dashboard splits a file into parts of whole records with the same reader (`splitRecords`,
 * extension/lib/csv.ts), so both see the same records. A byte-order mark, CRLF, LF or CR line ends,
 * quoted fields holding commas, quotes ("") and line breaks; `;` as the separator when the header
 * line uses it (spreadsheets in many locales). Writing neutralizes formula injection: a cell that
 * starts with = + - @ (or a tab / CR) gets a leading `'`, so a spreadsheet shows it as text instead
 * of running it; plain numbers such as +79051111111 stay as they are.
 */

/**
 * One record: its fields and its number as a spreadsheet counts rows (blank lines are not counted).
 */
export interface CsvRecord {
  row: number;
  fields: string[];
}

export function detectSeparator(text: string): ',' | ';' {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  return firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
}

/** The text without its byte-order mark. */
export const withoutBom = (input: string): string =>
  input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
/** What a field or record costs a step, beside its characters. */
const FIELD_COST = 16;
const UNKNOWN = -2;
/**
 * The characters (and fields) one step reads before the server's `readCsv`
 * (worker/src/features/members/csv.ts) gives the event loop back: 10 MiB
 * takes 40 steps.
 */
export const CSV_STEP = 256 * 1024;

/**
 * The parser's state between steps. Runs of plain text and whole quoted fields are taken with
 * indexOf/slice (a quoted field's `""` pairs become `"` in one replaceAll), never a character at a
 * time, so an unterminated quote costs one indexOf. A quote opens a quoted field where the field so
 * far is blank (white space, which is dropped); elsewhere it is text, and so is whatever follows a
 * closing quote up to the next separator or line end.
 */
export class CsvReader {
  /** The records read since the last take(). */
  private records: CsvRecord[] = [];
  /**
   * With `keepSpans`, where each record kept so far starts and ends in the text (its line break
   * left out), for splitRecords; else null.
   */
  readonly spans: [start: number, end: number][] | null;
  private recordStart = 0;
  private count = 0;
  private fields: string[] = [];
  private field = '';
  /** Whether `field` is all white space (as `trim()` sees it) so far. */
  private blank = true;
  /**
   * Inside a quoted field: where its text starts (after the quote), and whether `""` pairs were
   * seen; else -1.
   */
  private quoteStart = -1;
  private pairs = false;
  private nextQuote = UNKNOWN;
  private i = 0;

  constructor(
    private readonly text: string,
    private readonly sep: number,
    keepSpans = false,
  ) {
    this.spans = keepSpans ? [] : null;
  }

  get done(): boolean {
    return this.i >= this.text.length;
  }

  /**
   * Reads on for about `budget` characters, each field, separator or line end counting FIELD_COST
   * more.
   */
  step(budget: number): void {
    const { text, sep } = this;
    const end = text.length;
    let cost = 0;
    while (this.i < end && cost < budget) {
      const from = this.i;
      const room = Math.max(1, budget - cost);
      if (this.quoteStart >= 0) {
        this.readQuoted(room);
        cost += this.i - from + FIELD_COST;
        continue;
      }
      // A run of text up to a separator, a line end, or a quote that opens a quoted field (other
      // quotes are text).
      const stop = Math.min(end, from + room);
      let runBlank = this.blank;
      let k = from;
      for (; k < stop; k++) {
        const c = text.charCodeAt(k);
        if (c === sep || c === LF || c === CR) break;
        if (c === QUOTE && runBlank) {
          runBlank = text.slice(from, k).trim() === '';
          if (runBlank) break;
        }
      }
      if (k > from) this.append(text.slice(from, k));
      this.i = k;
      cost += k - from;
      if (k === stop) continue;
      cost += FIELD_COST;
      const c = text.charCodeAt(k);
      this.i = k + 1;
      if (c === QUOTE) {
        this.field = '';
        this.quoteStart = k + 1;
        this.pairs = false;
      } else if (c === sep) {
        this.fields.push(this.field);
        this.field = '';
        this.blank = true;
      } else {
        this.endRecord(k);
        if (c === CR && text.charCodeAt(k + 1) === LF) this.i = k + 2;
        this.recordStart = this.i;
      }
    }
  }

  /**
   * The records read since the last take(); once done, with the last one (an unterminated quote
   * runs to the end).
   */
  take(): CsvRecord[] {
    if (this.done) {
      if (this.quoteStart >= 0) this.closeQuote(this.text.length);
      if (this.field !== '' || this.fields.length > 0) this.endRecord(this.text.length);
    }
    const taken = this.records;
    this.records = [];
    return taken;
  }

  /**
   * Inside quotes, for about `room` characters: skips `""` pairs and the text between them, and
   * closes the field at a lone quote (an unterminated one runs to the end of the text, see take()).
   */
  private readQuoted(room: number): void {
    const { text } = this;
    const from = this.i;
    let after = from;
    let j = this.quoteFrom(after);
    while (j >= 0 && j - from < room && text.charCodeAt(j + 1) === QUOTE) {
      this.pairs = true;
      after = j + 2;
      j = this.quoteFrom(after);
    }
    if (j >= 0 && j - from < room) {
      this.closeQuote(j);
      this.i = j + 1;
    } else this.i = Math.min(text.length, Math.max(after, from + room)); // no quote in between
  }

  /**
   * The first quote at or after `from` (which never decreases), or -1: each character is searched
   * once.
   */
  private quoteFrom(from: number): number {
    if (this.nextQuote === UNKNOWN || (this.nextQuote >= 0 && this.nextQuote < from))
      this.nextQuote = this.text.indexOf('"', from);
    return this.nextQuote;
  }

  private closeQuote(at: number): void {
    const raw = this.text.slice(this.quoteStart, at);
    this.field = this.pairs ? raw.replaceAll('""', '"') : raw;
    this.blank = this.field.trim() === '';
    this.quoteStart = -1;
  }

  private append(part: string): void {
    this.field += part;
    if (this.blank && part.trim() !== '') this.blank = false;
  }

  private endRecord(end: number): void {
    this.fields.push(this.field);
    if (this.fields.length > 1 || !this.blank) {
      this.records.push({ row: ++this.count, fields: this.fields });
      this.spans?.push([this.recordStart, end]);
    }
    this.fields = [];
    this.field = '';
    this.blank = true;
  }
}

/**
 * The text's records as raw text (quotes kept), without their line breaks; blank records are
 * dropped, as the server's reader drops them. Joined by line breaks they read as the text's records.
 */
export function splitRecords(input: string): string[] {
  const text = withoutBom(input);
  // Each part the dashboard sends starts with the header line, whose separator the server uses.
  const reader = new CsvReader(text, detectSeparator(text.trimStart()).charCodeAt(0), true);
  while (!reader.done) reader.step(CSV_STEP);
  reader.take();
  return (reader.spans ?? []).map(([start, end]) => text.slice(start, end));
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
