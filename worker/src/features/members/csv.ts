/**
 * The import's CSV reading: shared/csv.ts's reader (the same one the dashboard splits files with),
 * a step at a time with the event loop given back between steps.
 */
import {
  CSV_STEP,
  type CsvRecord,
  CsvReader,
  detectSeparator,
  withoutBom,
} from '../../../../shared/csv';
import { pause } from '../../lib/pause';

export { type CsvRecord, csvLine, detectSeparator } from '../../../../shared/csv';

/**
 * The text's records a step at a time, in order, giving the event loop back between steps of `step`
 * characters (lib/pause.ts), so a 10 MiB file never holds it and its records need not all be held
 * at once. A step may yield no record (inside a long field).
 */
export async function* readCsv(input: string, step = CSV_STEP): AsyncGenerator<CsvRecord[]> {
  const text = withoutBom(input);
  const reader = new CsvReader(text, detectSeparator(text).charCodeAt(0));
  for (;;) {
    reader.step(step);
    yield reader.take();
    if (reader.done) return;
    await pause();
  }
}

/** Every record of the text (read as readCsv reads it). */
export async function parseCsv(input: string, step = CSV_STEP): Promise<CsvRecord[]> {
  const records: CsvRecord[] = [];
  for await (const part of readCsv(input, step)) for (const record of part) records.push(record);
  return records;
}
