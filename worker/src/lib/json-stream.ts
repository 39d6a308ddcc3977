/**
 * A JSON object as a stream, for answers that may hold long lists (an import's row errors: up to
 * millions for a hostile 10 MiB file). JSON.stringify of such an answer holds the event loop for
 * seconds; here each array is written ITEMS_BETWEEN_PAUSES items at a time, and the event loop is
 * given back between parts of about 64 KiB. The text is what JSON.stringify writes for the same
 * object.
 */
import { ITEMS_BETWEEN_PAUSES, pause } from './pause';

const PART_CHARS = 64 * 1024;

/** JSON.stringify(value) in pieces: top-level arrays a slice at a time, everything else whole. */
function* pieces(value: object): Generator<string> {
  let open = '{';
  for (const [key, v] of Object.entries(value) as [string, unknown][]) {
    const json = Array.isArray(v) ? '[' : JSON.stringify(v);
    if (json === undefined) continue; // undefined and functions are left out, as JSON.stringify does
    yield `${open}${JSON.stringify(key)}:${json}`;
    open = ',';
    if (!Array.isArray(v)) continue;
    for (let i = 0; i < v.length; i += ITEMS_BETWEEN_PAUSES)
      yield (i ? ',' : '') + JSON.stringify(v.slice(i, i + ITEMS_BETWEEN_PAUSES)).slice(1, -1);
    yield ']';
  }
  yield open === '{' ? '{}' : '}';
}

/** The UTF-8 bytes of JSON.stringify(value), as a stream that pauses between its parts. */
export function jsonStream(value: object): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const source = pieces(value);
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let part = '';
      for (let next = source.next(); ; next = source.next()) {
        if (next.done) {
          if (part) controller.enqueue(encoder.encode(part));
          controller.close();
          return;
        }
        part += next.value;
        if (part.length >= PART_CHARS) break;
      }
      controller.enqueue(encoder.encode(part));
      await pause();
    },
  });
}
