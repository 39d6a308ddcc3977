/**
 * For migration tests: the committed migrations folder as it was up to a given migration, in a
 * folder of the test's.
 */
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MIGRATIONS_FOLDER } from '../../worker/src/db/migrate';

/** A copy of the migrations up to and including `tag`, under `dir`. */
export async function migrationsUpTo(dir: string, tag: string): Promise<string> {
  const folder = join(dir, 'migrations');
  await cp(MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalFile = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(await readFile(journalFile, 'utf8')) as { entries: { tag: string }[] };
  journal.entries = journal.entries.slice(0, journal.entries.findIndex((e) => e.tag === tag) + 1);
  await writeFile(journalFile, JSON.stringify(journal));
  return folder;
}
