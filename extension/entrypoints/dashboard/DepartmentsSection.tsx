/** Departments: the organization's units, a tree. A link can place newcomers in one. */
import { useEffect, useMemo } from 'preact/hooks';
import { useApp } from '../../components/app-context';
import { callAdmin } from '../../lib/dashboard/admin';
import { createNamedItems } from '../../lib/dashboard/named-items';
import { NamedItemsEditor } from './NamedItemsEditor';

export function DepartmentsSection() {
  const app = useApp();
  const state = useMemo(
    () =>
      createNamedItems({
        list: () => callAdmin(app, (api, org) => api.departments.list(org)),
        create: (name, parentId) =>
          callAdmin(app, (api, org) => api.departments.create(org, { name, parentId })),
        rename: (id, name) =>
          callAdmin(app, (api, org) => api.departments.patch(org, id, { name })),
        remove: (id) => callAdmin(app, (api, org) => api.departments.remove(org, id)),
      }),
    [app],
  );
  useEffect(() => void state.load(), [state]);
  return <NamedItemsEditor state={state} noun="department" withParent />;
}
