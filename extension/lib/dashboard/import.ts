/**
 * CSV import of users in parts, with progress and one report of every row that failed. Row numbers
 * are the file's (header = row 1): the server numbers each part the same way, so a part's rows move
 * down by the rows before it.
 */
import { computed, signal } from '@preact/signals';
import type { ImportResponse } from '../../../shared/api';
import type { AppState } from '../app-state';
import { chunkCsv } from '../csv';
import { Problem } from '../errors';
import { t } from '../i18n';
import { callAdmin } from './admin';

export type ImportState = ReturnType<typeof createImportState>;

export function createImportState(app: AppState, rowsPerChunk = 50) {
  const total = signal(0);
  const done = signal(0);
  const running = signal(false);
  const report = signal<Required<ImportResponse> | null>(null);
  const error = signal<unknown>(null);
  const progress = computed(() => (total.value === 0 ? 0 : done.value / total.value));

  /** Sends every part in turn; a failed part stops the import and says how far it got. */
  async function run(text: string, sendInvitation: boolean): Promise<void> {
    const { total: rows, chunks } = chunkCsv(text, rowsPerChunk);
    total.value = rows;
    done.value = 0;
    error.value = null;
    const sum: Required<ImportResponse> = {
      created: 0,
      skipped: 0,
      errors: [],
      ignoredColumns: [],
      invited: 0,
    };
    report.value = sum;
    if (rows === 0) {
      error.value = new Problem(t('import.noRows'));
      return;
    }
    running.value = true;
    try {
      for (const chunk of chunks) {
        const part = await callAdmin(app, (api, orgId) =>
          api.members.import(orgId, chunk.csv, { sendInvitation }),
        );
        sum.created += part.created;
        sum.skipped += part.skipped;
        sum.invited += part.invited ?? 0;
        // Every part repeats the header, so every part names the same ignored columns.
        sum.ignoredColumns = part.ignoredColumns ?? sum.ignoredColumns;
        sum.errors.push(...part.errors.map((e) => ({ ...e, row: e.row + chunk.offset })));
        report.value = { ...sum, errors: [...sum.errors] };
        done.value += chunk.rows;
      }
    } catch (e) {
      error.value = e;
    } finally {
      running.value = false;
    }
  }

  return { total, done, running, report, error, progress, run };
}
