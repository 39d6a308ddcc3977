/**
 * The organization's departments for pickers and labels, loaded once per component; empty until
 * they arrive.
 */
import { useSignal, type Signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { DepartmentDto } from '../../../shared/api';
import type { AppState } from '../../lib/app-state';

export function useDepartments(app: AppState): Signal<DepartmentDto[]> {
  const departments = useSignal<DepartmentDto[]>([]);
  useEffect(() => {
    // A department name is a nicety here: without it the pickers offer "No department" and labels
    // stay empty.
    app
      .call((api, orgId) => api.departments.list(orgId))
      .then(
        (r) => (departments.value = r.items),
        () => undefined,
      );
  }, [app]);
  return departments;
}
