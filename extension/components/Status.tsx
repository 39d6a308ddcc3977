/**
 * The states people see while data loads or fails: a spinner line, an empty note, an error
 * sentence.
 */
import type { ComponentChildren } from 'preact';
import { describeError } from '../lib/errors';
import { t } from '../lib/i18n';

export function Loading({ label = t('common.loading') }: { label?: string }) {
  return (
    <p class="muted" role="status">
      {label}
    </p>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="muted empty">{children}</p>;
}

export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  if (!error) return null;
  return (
    <div class="error" role="alert">
      <span>{describeError(error)}</span>
      {onRetry && (
        <button type="button" class="link-button" onClick={onRetry}>
          {t('common.tryAgain')}
        </button>
      )}
    </div>
  );
}
