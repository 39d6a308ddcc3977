/**
 * CSV import: pick a file, optionally invite at once, watch the progress bar, read the per-row
 * error report.
 */
import { useSignal } from '@preact/signals';
import { useMemo } from 'preact/hooks';
import { useApp } from '../../components/app-context';
import { ErrorNotice } from '../../components/Status';
import { createImportState } from '../../lib/dashboard/import';
import { plural } from '../../lib/format';

const COLUMNS = 'firstName,lastName,email,phone,gender,birthday,department,position,role';

export function ImportSection() {
  const app = useApp();
  const state = useMemo(() => createImportState(app), [app]);
  const file = useSignal<File | null>(null);
  const invite = useSignal(true);
  const report = state.report.value;

  async function submit(event: Event) {
    event.preventDefault();
    if (file.value) await state.run(await file.value.text(), invite.value);
  }

  return (
    <>
      <form class="card" onSubmit={submit} aria-label="Import users from a CSV file">
        <p class="muted small">
          One user per line, with a header line naming the columns, e.g. <code>{COLUMNS}</code>.
          Each user needs an e-mail address or a phone number with its country code. Rows with
          errors are reported and skipped; the others are imported.
        </p>
        <label>
          CSV file
          <input
            type="file"
            accept=".csv,text/csv"
            required
            onChange={(e) => (file.value = e.currentTarget.files?.[0] ?? null)}
          />
        </label>
        <label class="check">
          <input
            type="checkbox"
            checked={invite.value}
            onChange={(e) => (invite.value = e.currentTarget.checked)}
          />
          Send invitations to the imported users right away
        </label>
        <div class="row">
          <button type="submit" class="primary" disabled={!file.value || state.running.value}>
            Import users
          </button>
        </div>
        {state.total.value > 0 && (
          <div class="stack">
            <progress
              aria-label="Import progress"
              max={state.total.value}
              value={state.done.value}
            />
            <span class="small" role="status">
              {state.done.value} of {plural(state.total.value, 'row')} processed
              {state.running.value ? '…' : '.'}
            </span>
          </div>
        )}
        <ErrorNotice error={state.error.value} />
      </form>
      {report && state.total.value > 0 && (
        <section class="card" aria-labelledby="import-report-title">
          <h2 id="import-report-title">Import report</h2>
          <p>
            {plural(report.created, 'user')} created, {plural(report.skipped, 'row')} skipped
            (already in the organization), {plural(report.errors.length, 'error')}.
            {invite.value && ` ${plural(report.invited, 'invitation')} queued.`}
          </p>
          {report.ignoredColumns.length > 0 && (
            <p class="muted small">Columns not imported: {report.ignoredColumns.join(', ')}.</p>
          )}
          {report.errors.length > 0 && (
            <table aria-label="Rows with errors">
              <thead>
                <tr>
                  <th>Row</th>
                  <th>Problem</th>
                </tr>
              </thead>
              <tbody>
                {report.errors.map((e) => (
                  <tr key={`${e.row}-${e.code}`}>
                    <td>{e.row}</td>
                    <td>{e.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
    </>
  );
}
