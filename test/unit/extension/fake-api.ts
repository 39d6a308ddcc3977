/**
 * A scripted server for unit tests: routes answer JSON (or an error body) and every request is
 * recorded. The real `createApiClient` talks to it through its `fetch` option (and `createAdminApi`
 * through that client), so the client is tested along the way.
 */
import type { ApiRoutes, RouteKey } from '../../../shared/api/routes';
import { createApiClient, type ApiClient, type ApiClientOptions } from '../../../shared/client';
import { createAdminApi, type AdminApi } from '../../../shared/client-admin';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: unknown;
}

type Handler = (request: RecordedRequest) => Response | Promise<Response>;

type Parts<S extends string> = S extends `${infer Head}/${infer Tail}`
  ? [Head, ...Parts<Tail>]
  : [S];

/** Whether a request's parts fit a route's, part by part (`:param` takes any one part). */
type Fits<Request extends string[], Route extends string[]> = Request extends [
  infer R extends string,
  ...infer Rs extends string[],
]
  ? Route extends [infer P extends string, ...infer Ps extends string[]]
    ? P extends `:${string}`
      ? Fits<Rs, Ps>
      : R extends P
        ? Fits<Rs, Ps>
        : false
    : false
  : Route extends []
    ? true
    : false;

/**
 * The body a fake answers `METHOD /path` with, typed by the route of shared/api/routes.ts it stands
 * for (`GET /api/orgs/org-1/links` is `GET /api/orgs/:org/links`): a fixture that drifts from the
 * server's answer fails typecheck, as the client would. A path of no route takes no fixed body.
 */
export type FixtureFor<Route extends string> = {
  [K in RouteKey]: Fits<Parts<Route>, Parts<K>> extends true ? ApiRoutes[K]['response'] : never;
}[RouteKey];

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

export function apiError(
  status: number,
  code: string,
  message: string,
  fields?: Record<string, string>,
): Response {
  return json({ error: { code, message, fields } }, status);
}

export function createFakeApi() {
  const routes = new Map<string, Handler>();
  const requests: RecordedRequest[] = [];

  const fetch: typeof globalThis.fetch = async (input, init) => {
    const url = new URL(String(input));
    const headers = Object.fromEntries(
      Object.entries((init?.headers ?? {}) as Record<string, string>),
    );
    const raw = init?.body as string | undefined;
    const body =
      raw === undefined
        ? undefined
        : headers['content-type'] === 'application/json'
          ? JSON.parse(raw)
          : raw;
    const request: RecordedRequest = {
      method: init?.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers,
      body,
    };
    requests.push(request);
    const handler = routes.get(`${request.method} ${request.path}`);
    if (!handler) return apiError(404, 'not_found', `no route ${request.method} ${request.path}`);
    return handler(request);
  };

  return {
    requests,
    fetch,
    /**
     * Answers `METHOD /path` with a handler, a fixed body (200) of the route's type, or a Response.
     */
    on<Route extends string>(route: Route, answer: Handler | Response | FixtureFor<Route>) {
      routes.set(
        route,
        typeof answer === 'function'
          ? (answer as Handler)
          : answer instanceof Response
            ? () => answer.clone()
            : () => json(answer),
      );
    },
    makeClient: (options: ApiClientOptions): ApiClient => createApiClient({ ...options, fetch }),
    /** The core client with the dashboard's routes (`shared/client-admin`). */
    makeAdminApi: (options: ApiClientOptions): AdminApi =>
      createAdminApi(createApiClient({ ...options, fetch })),
    last(route: string): RecordedRequest | undefined {
      const [method, path] = route.split(' ');
      return requests.filter((r) => r.method === method && r.path === path).at(-1);
    },
  };
}

export type FakeApi = ReturnType<typeof createFakeApi>;
