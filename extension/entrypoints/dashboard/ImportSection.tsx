/**
 * CSV import: pick a file, optionally invite at once, watch the progress bar, read the per-row
 * error report.
 */
import { useSignal } from '@preact/signals';
import { useMemo } from 'preact/hooks';
import { useApp } from '../../components/app-context';
import { ErrorNotice } from '../../components/Status';
import { createImportState } from '../../lib/dashboard/import';
import { plural, t, uiLocale } from '../../lib/i18n';

const COLUMNS = 'firstName,lastName,email,phone,gender,birthday,department,position,role,locale';

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
      <form class="card" onSubmit={submit} aria-label={t('import.label')}>
        <p class="muted small">
          {t('import.helpColumns')} <code>{COLUMNS}</code>. {t('import.helpRows')}{' '}
          {t('import.helpLocale')}
        </p>
        <label>
          {t('import.file')}
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
          {t('import.inviteNow')}
        </label>
        <div class="row">
          <button type="submit" class="primary" disabled={!file.value || state.running.value}>
            {t('import.submit')}
          </button>
        </div>
        {state.total.value > 0 && (
          <div class="stack">
            <progress
              aria-label={t('import.progressLabel')}
              max={state.total.value}
              value={state.done.value}
            />
            <span class="small" role="status">
              {plural('import.progress', state.total.value, {
                done: state.done.value.toLocaleString(uiLocale()),
              })}
              {state.running.value ? '…' : '.'}
            </span>
          </div>
        )}
        <ErrorNotice error={state.error.value} />
      </form>
      {report && state.total.value > 0 && (
        <section class="card" aria-labelledby="import-report-title">
          <h2 id="import-report-title">{t('import.reportTitle')}</h2>
          <p>
            {t('import.summary', {
              created: plural('import.created', report.created),
              skipped: plural('import.skipped', report.skipped),
              errors: plural('import.errors', report.errors.length),
            })}
            {invite.value && ` ${plural('bulk.queued', report.invited)}`}
          </p>
          {report.ignoredColumns.length > 0 && (
            <p class="muted small">
              {t('import.ignoredColumns', [report.ignoredColumns.join(', ')])}
            </p>
          )}
          {report.errors.length > 0 && (
            <table aria-label={t('import.errorRows')}>
              <thead>
                <tr>
                  <th>{t('import.row')}</th>
                  <th>{t('import.problem')}</th>
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
