/**
 * The one typed client of the HTTP API (docs/DESIGN.md §3). Every caller — the extension's popup,
 * dashboard, options page and background worker, and the tests — talks to the server through it, so
 * no component builds a URL or reads an error body by hand.
 *
 * This is the core: the request function (session token, JSON, the contract's errors) and the
 * routes the popup and the background worker use, because everything here ships in the popup, whose
 * JavaScript has a budget. The dashboard's routes (users, import and export, audit, settings,
 * department and workspace changes, …) are in `./client-admin`, built on this core with
 * `createAdminApi(client)`.
 *
 * Every request names its route of `./api/routes` (`get<'/api/me'>(…)`): the path it builds is
 * checked against the route's and its answer is the route's `response`, which
 * test/contract/routes.ts holds equal to the server's. Only types come from `./api`: the zod
 * schemas stay out of the popup bundle.
 */
import type {
  ApplicationStatus,
  ChangePasswordRequest,
  CreateLinkRequest,
  InvitationStatus,
  LoginRequest,
  RenewalDecision,
  RenewalStatus,
  WorkspaceGrant,
} from './api';
import type { BodyOf, Method, OrgPath, PathTo, PathsOf, ResponseOf } from './api/routes';
import { type ErrorCode, isErrorCode } from './errors';

/**
 * The server answered with an error (the contract's `{error: {code, message, fields}}`, or a bare
 * status). `message` is the server's, or the code when it sent none: the sentences people read are
 * the extension's, in their language (`error.<code>` messages, extension/lib/errors.ts), so the
 * popup does not carry the English table of shared/errors.ts a second time.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly fields: Record<string, string> = {},
    /** Seconds to wait before trying again (429), from `Retry-After`. */
    readonly retryAfter: number | null = null,
  ) {
    super(message);
  }
}

/**
 * The server could not be reached at all: offline, wrong URL, server down, or refused by the
 * browser.
 */
export class NetworkError extends Error {
  override readonly name = 'NetworkError';
  constructor(
    readonly baseUrl: string,
    cause?: unknown,
  ) {
    super(`The server at ${baseUrl} could not be reached.`, { cause });
  }
}

/** For answers without the contract's body (a proxy, a crash): the code their status implies. */
const CODE_BY_STATUS: Record<number, ErrorCode> = {
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  413: 'payload_too_large',
  429: 'rate_limited',
};

/** `Retry-After` in seconds (what this API sends; the HTTP-date form is not used). */
function parseRetryAfter(value: string | null): number | null {
  const seconds = Number(value);
  return value && Number.isFinite(seconds) ? Math.max(0, Math.ceil(seconds)) : null;
}

/** The error a failed answer stands for. */
async function errorFromResponse(response: Response): Promise<ApiError> {
  const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const error = (
    body as { error?: { code?: unknown; message?: unknown; fields?: unknown } } | undefined
  )?.error;
  const code = isErrorCode(error?.code)
    ? error.code
    : (CODE_BY_STATUS[response.status] ?? 'internal');
  const message = typeof error?.message === 'string' && error.message ? error.message : code;
  const fields =
    error?.fields && typeof error.fields === 'object'
      ? (error.fields as Record<string, string>)
      : undefined;
  return new ApiError(response.status, code, message, fields, retryAfter);
}

export interface ApiClientOptions {
  /** The server's base URL, e.g. `http://localhost:8787`. */
  baseUrl: string;
  /** The session token for signed-in calls; `null` for public ones. */
  getToken: () => string | null | undefined | Promise<string | null | undefined>;
  fetch?: typeof fetch;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  query?: Query;
  json?: unknown;
  /** A body that is not JSON, with its type: a CSV file, an image. */
  raw?: { type: string; body: string | Blob };
  /** What to ask for; JSON unless the route serves a file. */
  accept?: string;
}

export type PageParams = {
  cursor?: string;
  limit?: number;
};

/** A department or workspace list: every item at once, or one page of them. */
export interface ItemList<T> {
  items: T[];
  nextCursor?: string | null;
}

/**
 * `/api/orgs/<org>/<part>/<part>…`, every part encoded; its type keeps the parts, for the route
 * check of `./api/routes` (`PathTo`).
 */
export const orgPath = <Parts extends string[]>(orgId: string, ...parts: Parts): OrgPath<Parts> =>
  ['/api/orgs', orgId, ...parts]
    .map((part, i) => (i ? encodeURIComponent(part) : part))
    .join('/') as OrgPath<Parts>;

/**
 * The client's `request` as the routes of `./api/routes` type it: called with the type arguments
 * `<'GET', '/api/me'>` and the path `/api/me`, it answers `MeResponse`. The route must be named
 * (without it the path has type `never`).
 */
export type RouteRequest = <M extends Method, P extends PathsOf<M> = never>(
  method: M,
  path: PathTo<P>,
  opts?: Omit<RequestOptions, 'json'> & { json?: BodyOf<M, P> },
) => Promise<ResponseOf<M, P>>;

export type ApiClient = ReturnType<typeof createApiClient>;

/** A renewal's decision path, one route per decision (`OrgPath` of a union names none of them). */
type DecisionPath<H extends RenewalDecision = RenewalDecision> = H extends RenewalDecision
  ? OrgPath<['renewals', string, H]>
  : never;

export function createApiClient(options: ApiClientOptions) {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const doFetch =
    options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));

  function url(path: string, query?: Query): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
    }
    const search = params.toString();
    return `${baseUrl}${path}${search ? `?${search}` : ''}`;
  }

  /**
   * Sends one request with the session; a failed answer throws `ApiError`, an unreachable server
   * `NetworkError`.
   */
  async function send(method: string, path: string, opts: RequestOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { accept: opts.accept ?? 'application/json' };
    const token = await options.getToken();
    if (token) headers.authorization = `Bearer ${token}`;
    let body: string | Blob | undefined;
    if (opts.raw) {
      headers['content-type'] = opts.raw.type;
      body = opts.raw.body;
    } else if (opts.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(opts.json);
    }
    let response: Response;
    try {
      response = await doFetch(url(path, opts.query), { method, headers, body });
    } catch (cause) {
      throw new NetworkError(baseUrl, cause);
    }
    if (!response.ok) throw await errorFromResponse(response);
    return response;
  }

  /**
   * `send`, answering the JSON body; an empty body (204 No Content among them) answers undefined.
   */
  async function request<T>(method: string, path: string, opts?: RequestOptions): Promise<T> {
    const text = await (await send(method, path, opts)).text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  // The casts are types only: the bundle keeps the one `request`.
  const get = <P extends PathsOf<'GET'> = never>(path: PathTo<P>, query?: Query) =>
    (request as RouteRequest)<'GET', P>('GET', path, { query });
  const post = <P extends PathsOf<'POST'> = never>(path: PathTo<P>, json?: BodyOf<'POST', P>) =>
    (request as RouteRequest)<'POST', P>('POST', path, { json });
  const del = <P extends PathsOf<'DELETE'> = never>(path: PathTo<P>, json?: BodyOf<'DELETE', P>) =>
    (request as RouteRequest)<'DELETE', P>('DELETE', path, { json });
  const at = orgPath;

  return {
    baseUrl,
    send,
    request,
    auth: {
      login: (body: LoginRequest) => post<'/api/auth/login'>('/api/auth/login', body),
      logout: () => post<'/api/auth/logout'>('/api/auth/logout'),
      me: () => get<'/api/me'>('/api/me'),
      changePassword: (body: ChangePasswordRequest) =>
        post<'/api/account/password'>('/api/account/password', body),
    },
    orgs: {
      get: (orgId: string) => get<'/api/orgs/:org'>(at(orgId)),
    },
    departments: {
      list: (orgId: string) =>
        get<'/api/orgs/:org/departments'>(at(orgId, 'departments'), { limit: 100 }),
    },
    workspaces: {
      list: (orgId: string) =>
        get<'/api/orgs/:org/workspaces'>(at(orgId, 'workspaces'), { limit: 100 }),
    },
    links: {
      create: (orgId: string, body: CreateLinkRequest) =>
        post<'/api/orgs/:org/links'>(at(orgId, 'links'), body),
      list: (orgId: string, params: PageParams & { mine?: boolean; active?: boolean } = {}) =>
        get<'/api/orgs/:org/links'>(at(orgId, 'links'), params),
      /**
       * With `removeJoined` (admins), everyone who joined through the link is removed too (a leaked
       * link).
       */
      revoke: (orgId: string, linkId: string, opts?: { removeJoined?: boolean }) =>
        del<'/api/orgs/:org/links/:id'>(at(orgId, 'links', linkId), opts),
      reset: (orgId: string) => post<'/api/orgs/:org/links/reset'>(at(orgId, 'links', 'reset')),
    },
    applications: {
      list: (
        orgId: string,
        params: PageParams & { status?: ApplicationStatus; q?: string; linkId?: string } = {},
      ) => get<'/api/orgs/:org/applications'>(at(orgId, 'applications'), params),
      approve: (orgId: string, appId: string) =>
        post<'/api/orgs/:org/applications/:id/approve'>(
          at(orgId, 'applications', appId, 'approve'),
        ),
      reject: (orgId: string, appId: string, reason?: string) =>
        post<'/api/orgs/:org/applications/:id/reject'>(
          at(orgId, 'applications', appId, 'reject'),
          reason ? { reason } : {},
        ),
    },
    invitations: {
      list: (
        orgId: string,
        params: PageParams & { status?: InvitationStatus; q?: string; delivery?: 'problem' } = {},
      ) => get<'/api/orgs/:org/invitations'>(at(orgId, 'invitations'), params),
      /** A new link and expiry (the old link stops working); `url` again for channel `link`. */
      resend: (orgId: string, invId: string) =>
        post<'/api/orgs/:org/invitations/:id/resend'>(at(orgId, 'invitations', invId, 'resend')),
      cancel: (orgId: string, invId: string) =>
        del<'/api/orgs/:org/invitations/:id'>(at(orgId, 'invitations', invId)),
      setWorkspaces: (orgId: string, invId: string, workspaces: WorkspaceGrant[]) =>
        (request as RouteRequest)<'PUT', '/api/orgs/:org/invitations/:id/workspaces'>(
          'PUT',
          at(orgId, 'invitations', invId, 'workspaces'),
          { json: { workspaces } },
        ),
    },
    /** Expiry notices and requests for a new invitation (owners and admins: all; others: their own). */
    renewals: {
      list: (orgId: string, params: PageParams & { status?: RenewalStatus } = {}) =>
        get<'/api/orgs/:org/renewals'>(at(orgId, 'renewals'), params),
      /**
       * `invite`: a new personal invitation to the renewal's address, as the caller; `link`: a fresh
       * general link e-mailed to it; `dismiss`: put it away.
       */
      decide: (orgId: string, id: string, how: RenewalDecision) =>
        post<`/api/orgs/:org/renewals/:id/${RenewalDecision}`>(
          at(orgId, 'renewals', id, how) as DecisionPath,
        ),
    },
    search: (orgId: string, q: string, limit?: number) =>
      get<'/api/orgs/:org/search'>(at(orgId, 'search'), { q, limit }),
    /**
     * What a personal invitation offers and, signed in, whether it is for this account. Changes
     * nothing.
     */
    invite: (token: string) =>
      get<'/api/invite/:token'>(`/api/invite/${encodeURIComponent(token)}`),
  };
}
