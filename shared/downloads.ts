/**
 * Files the API serves to signed-in callers — the users CSV export — fetched the way the typed client fetches
 * (bearer token; the contract's errors as `ApiError`; `NetworkError` when the server cannot be reached) and
 * answered as a Blob holding the server's bytes. A sibling of `./client` rather than part of it: only the
 * dashboard downloads files, and everything in `client.ts` also ships in the popup, whose JavaScript has a budget.
 */
import { errorFromResponse, NetworkError, type ApiClientOptions } from './client';

export type Downloads = ReturnType<typeof createDownloads>;

export function createDownloads(options: ApiClientOptions) {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));

  async function download(path: string): Promise<Blob> {
    const token = await options.getToken();
    let response: Response;
    try {
      response = await doFetch(`${baseUrl}${path}`, { method: 'GET', headers: token ? { authorization: `Bearer ${token}` } : {} });
    } catch (cause) {
      throw new NetworkError(baseUrl, cause);
    }
    if (!response.ok) throw await errorFromResponse(response);
    return response.blob();
  }

  return {
    /** `GET /api/orgs/:org/members/export`: every user, in the import's columns plus status and activity. */
    membersCsv: (orgId: string) => download(`/api/orgs/${encodeURIComponent(orgId)}/members/export`),
  };
}
