/** Choose the workspaces an invitation grants, and member or manager in each. */
import { useSignal } from '@preact/signals';
import type { WorkspaceDto, WorkspaceGrant, WorkspaceRole } from '../../shared/api';
import { Loading } from './Status';
import { t } from '../lib/i18n';

interface Props {
  workspaces: WorkspaceDto[] | undefined;
  initial: WorkspaceGrant[];
  busy: boolean;
  onSave: (grants: WorkspaceGrant[]) => void;
  onCancel: () => void;
}

export function WorkspacePicker({ workspaces, initial, busy, onSave, onCancel }: Props) {
  const grants = useSignal<Record<string, WorkspaceRole | ''>>(
    Object.fromEntries(initial.map((g) => [g.workspaceId, g.role])),
  );
  if (!workspaces) return <Loading />;

  function submit(event: Event) {
    event.preventDefault();
    onSave(
      Object.entries(grants.value)
        .filter((entry): entry is [string, WorkspaceRole] => entry[1] !== '')
        .map(([workspaceId, role]) => ({ workspaceId, role })),
    );
  }

  return (
    <form class="stack" onSubmit={submit}>
      {workspaces.length === 0 && <p class="muted small">{t('workspaces.none')}</p>}
      {workspaces.map((w) => (
        <label class="check" key={w.id}>
          <select
            value={grants.value[w.id] ?? ''}
            onChange={(e) =>
              (grants.value = {
                ...grants.value,
                [w.id]: e.currentTarget.value as WorkspaceRole | '',
              })
            }
          >
            <option value="">{t('workspaces.notIncluded')}</option>
            <option value="member">{t('word.member')}</option>
            <option value="manager">{t('word.manager')}</option>
          </select>
          {w.name}
        </label>
      ))}
      <div class="row">
        <button type="submit" class="primary small-button" disabled={busy}>
          {t('workspaces.save')}
        </button>
        <button type="button" class="small-button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
