/**
 * Splits a CSV file into smaller CSV files of whole records, each with the header line, so a large
 * import goes to the server in parts and the page can show real progress. The records are the ones
 * the server reads (shared/csv.ts): quoted fields may hold commas and line breaks.
 */
import { splitRecords } from '../../shared/csv';

export interface CsvChunk {
  /** The header line and this chunk's records. */
  csv: string;
  /** How many data records come before this chunk in the file (to number rows as the file does). */
  offset: number;
  /** How many data records the chunk holds. */
  rows: number;
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
