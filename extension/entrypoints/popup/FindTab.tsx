/**
 * Find: the quick query across applications, invitations and users, as you type, with each person's
 * status.
 */
import { useMemo } from 'preact/hooks';
import { useApp } from '../../components/app-context';
import { Empty, ErrorNotice } from '../../components/Status';
import { createFindState } from '../../lib/find';
import { formatRelative, formatStatus } from '../../lib/format';
import { plural, t } from '../../lib/i18n';

export function FindTab() {
  const app = useApp();
  const find = useMemo(() => createFindState(app), [app, app.orgId.value]);
  const { data, loading, error, reload } = find.results;
  const results = data.value;

  return (
    <div class="stack">
      <input
        type="search"
        aria-label={t('find.label')}
        placeholder={t('find.placeholder')}
        // biome-ignore lint/a11y/noAutofocus: opening the Find tab is asking to type a search
        autoFocus
        value={find.query.value}
        onInput={(e) => find.setQuery(e.currentTarget.value)}
      />
      <p class="muted small" role="status">
        {loading.value ? t('find.busy') : results && plural('find.found', results.length)}
      </p>
      <ErrorNotice error={error.value} onRetry={() => void reload()} />
      {results?.length === 0 && <Empty>{t('find.none', [find.query.value.trim()])}</Empty>}
      <ul class="list" aria-label={t('find.results')}>
        {results?.map((r) => (
          <li key={`${r.kind}-${r.id}`} class="item">
            <div class="grow">
              <strong>{r.name || r.email}</strong>{' '}
              {r.email && <span class="muted small">{r.email}</span>}
              <div class="muted small">
                {formatStatus(r.kind)} · {formatRelative(r.createdAt)}
              </div>
            </div>
            <span class={`status status-${r.status}`}>{formatStatus(r.status)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
