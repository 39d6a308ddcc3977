/**
 * Splits a CSV file into smaller CSV files of whole records, each with the header line, so a large
 * import goes to the server in parts and the page can show real progress. Quoted fields may hold
 * commas and line breaks.
 */

export interface CsvChunk {
  /** The header line and this chunk's records. */
  csv: string;
  /** How many data records come before this chunk in the file (to number rows as the file does). */
  offset: number;
  /** How many data records the chunk holds. */
  rows: number;
}

/**
 * The file's records as raw text (quotes kept), without their line breaks; blank lines are dropped.
 */
export function splitRecords(text: string): string[] {
  const records: string[] = [];
  let start = 0;
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i <= body.length; i++) {
    const ch = body[i];
    if (ch === '"') quoted = !quoted;
    else if ((ch === '\n' || ch === undefined) && !quoted) {
      const record = body.slice(start, i).replace(/\r$/, '');
      if (record.trim() !== '') records.push(record);
      start = i + 1;
    }
  }
  return records;
}

export function chunkCsv(
  text: string,
  rowsPerChunk = 50,
): { header: string; total: number; chunks: CsvChunk[] } {
  const [header = '', ...rows] = splitRecords(text);
  const chunks: CsvChunk[] = [];
  for (let offset = 0; offset < rows.length; offset += rowsPerChunk) {
    const part = rows.slice(offset, offset + rowsPerChunk);
    chunks.push({ csv: `${[header, ...part].join('\n')}\n`, offset, rows: part.length });
  }
  return { header, total: rows.length, chunks };
}
