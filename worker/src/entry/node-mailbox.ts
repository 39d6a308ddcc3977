/**
 * The local mailbox as a JSON-lines file: outside the product database, kept across restarts, one
 * message a line. The store keeps where each line starts and ends (two numbers a message), learned
 * once from the file and then only from what was added since (a `stat` per read), so a page reads
 * just its own lines however large the mailbox grows (docs/BENCHMARKS.md, "The local mailbox").
 */
import { appendFile, mkdir, open, readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { MailboxItem, MailboxStore } from '../mail/local-mailbox';

const CHUNK = 256 * 1024;
const NEWLINE = 0x0a;

const parseLine = (line: string): MailboxItem | null => {
  try {
    return JSON.parse(line) as MailboxItem;
  } catch {
    return null; // a line cut short by a crash: skipped
  }
};

export function fileMailboxStore(file: string): MailboxStore {
  const starts: number[] = [];
  const ends: number[] = [];
  /** Bytes of the file read into the index: up to the end of its last complete line. */
  let indexed = 0;

  /** Adds the lines written since the last look (by this process or another) to the index. */
  async function catchUp(): Promise<void> {
    const size = (await stat(file).catch(() => null))?.size ?? 0;
    if (size < indexed) {
      // Replaced or emptied: start over.
      starts.length = ends.length = 0;
      indexed = 0;
    }
    if (size === indexed) return;
    const handle = await open(file, 'r');
    try {
      const buf = Buffer.alloc(CHUNK);
      let lineStart = indexed;
      for (let pos = indexed; pos < size; ) {
        const { bytesRead } = await handle.read(buf, 0, Math.min(CHUNK, size - pos), pos);
        if (bytesRead === 0) break;
        for (
          let i = buf.indexOf(NEWLINE);
          i !== -1 && i < bytesRead;
          i = buf.indexOf(NEWLINE, i + 1)
        ) {
          if (pos + i > lineStart) {
            starts.push(lineStart);
            ends.push(pos + i);
          }
          lineStart = pos + i + 1;
        }
        pos += bytesRead;
      }
      indexed = lineStart; // a last line still being written is read next time
    } finally {
      await handle.close();
    }
  }

  return {
    async append(items) {
      await mkdir(dirname(file), { recursive: true });
      await appendFile(file, items.map((i) => `${JSON.stringify(i)}\n`).join(''));
    },
    async count() {
      await catchUp();
      return starts.length;
    },
    async slice(from, to) {
      await catchUp();
      const first = Math.max(0, from);
      const last = Math.min(to, starts.length) - 1;
      if (last < first) return [];
      const offset = starts[first]!;
      const bytes = Buffer.alloc(ends[last]! - offset);
      const handle = await open(file, 'r');
      try {
        await handle.read(bytes, 0, bytes.length, offset);
      } finally {
        await handle.close();
      }
      const items: MailboxItem[] = [];
      for (let k = first; k <= last; k++) {
        const item = parseLine(bytes.toString('utf8', starts[k]! - offset, ends[k]! - offset));
        if (item) items.push(item);
      }
      return items;
    },
    async all() {
      const text = await readFile(file, 'utf8').catch(() => '');
      return text
        .split('\n')
        .filter(Boolean)
        .flatMap((line) => parseLine(line) ?? []);
    },
  };
}
