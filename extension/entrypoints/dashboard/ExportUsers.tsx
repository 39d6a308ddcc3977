/**
 * "Export users (CSV)": downloads every user of the organization as a CSV file the import can read
 * again.
 */
import { useMemo } from 'preact/hooks';
import { useApp } from '../../components/app-context';
import { ErrorNotice } from '../../components/Status';
import { createUsersExport } from '../../lib/dashboard/export';
import { t } from '../../lib/i18n';

export function ExportUsers() {
  const app = useApp();
  const exporter = useMemo(() => createUsersExport(app), [app]);
  return (
    <div class="stack">
      <div class="row">
        <button type="button" disabled={exporter.busy.value} onClick={() => void exporter.run()}>
          {exporter.busy.value ? t('export.busy') : t('export.run')}
        </button>
        {exporter.saved.value && (
          <span role="status" class="muted small">
            {t('export.saved', [exporter.saved.value])}
          </span>
        )}
      </div>
      <ErrorNotice error={exporter.error.value} onRetry={() => void exporter.run()} />
    </div>
  );
}
