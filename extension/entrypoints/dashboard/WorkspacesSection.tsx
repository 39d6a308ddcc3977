/** Workspaces: resource spaces inside the organization that invitations can grant. */
import { useEffect, useMemo } from 'preact/hooks';
import { useApp } from '../../components/app-context';
import { callAdmin } from '../../lib/dashboard/admin';
import { createNamedItems } from '../../lib/dashboard/named-items';
import { NamedItemsEditor } from './NamedItemsEditor';

export function WorkspacesSection() {
  const app = useApp();
  const state = useMemo(
    () =>
      createNamedItems({
        list: () => callAdmin(app, (api, org) => api.workspaces.list(org)),
        create: (name) => callAdmin(app, (api, org) => api.workspaces.create(org, { name })),
        rename: (id, name) => callAdmin(app, (api, org) => api.workspaces.patch(org, id, { name })),
        remove: (id) => callAdmin(app, (api, org) => api.workspaces.remove(org, id)),
      }),
    [app],
  );
  useEffect(() => void state.load(), [state]);
  return <NamedItemsEditor state={state} noun="workspace" />;
}
