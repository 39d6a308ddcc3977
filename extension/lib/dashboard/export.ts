/**
 * "Export users (CSV)": the server's file (`GET /members/export`, fetched with the session by
 * `shared/client-admin`), saved under a name that says which organization and day it is from.
 */
import { signal } from '@preact/signals';
import type { AppState } from '../app-state';
import { callAdmin } from './admin';

/** Hands a file to the browser's downloads. */
export type SaveFile = (file: Blob, name: string) => void;

/** `users-acme-corp-2030-01-31.csv` (the organization's name as letters and digits only). */
export function exportFileName(orgName: string | undefined, now: Date): string {
  const slug = (orgName ?? '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return `users-${slug ? `${slug}-` : ''}${now.toISOString().slice(0, 10)}.csv`;
}

/** Saves through a temporary link to the file (what a click on a download link does). */
export const saveFile: SaveFile = (file, name) => {
  const url = URL.createObjectURL(file);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = name;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  // The download has started by now; the URL is kept a while for browsers that read it later.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
};

export interface UsersExportDeps {
  save?: SaveFile;
  now?: () => Date;
}

export type UsersExportState = ReturnType<typeof createUsersExport>;

export function createUsersExport(
  app: AppState,
  { save = saveFile, now = () => new Date() }: UsersExportDeps = {},
) {
  const busy = signal(false);
  const error = signal<unknown>(null);
  /** The name of the last file saved, for the page to confirm. */
  const saved = signal<string | null>(null);

  async function run(): Promise<void> {
    busy.value = true;
    error.value = null;
    saved.value = null;
    try {
      // Through app.call (callAdmin) like every request, so an ended session signs the page out
      // here too.
      const file = await callAdmin(app, (api, orgId) => api.members.export(orgId));
      const name = exportFileName(app.membership.value?.orgName, now());
      save(file, name);
      saved.value = name;
    } catch (e) {
      error.value = e;
    } finally {
      busy.value = false;
    }
  }

  return { busy, error, saved, run };
}
