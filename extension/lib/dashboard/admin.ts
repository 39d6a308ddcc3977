/**
 * `app.call` for the dashboard: the same session handling (an ended session signs the page out, a
 * required password change shows that form), with the dashboard's routes of `shared/client-admin`
 * besides the core's.
 */
import { createAdminApi, type AdminApi } from '../../../shared/client-admin';
import type { AppState } from '../app-state';

export function callAdmin<T>(
  app: AppState,
  fn: (api: AdminApi, orgId: string) => Promise<T>,
): Promise<T> {
  return app.call((api, orgId) => fn(createAdminApi(api), orgId));
}
