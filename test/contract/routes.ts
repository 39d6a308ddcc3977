/**
 * The contract between the server and the extension's client, checked by the compiler (`npm run
 * typecheck`, through test/tsconfig.json) and never run: every route of `shared/api/routes.ts` must
 * be a route of the app (`hc<AppType>` has its method and path), answer what the app's handler
 * answers (hono's `InferResponseType`, the two types assignable both ways), and take a body the
 * handler's validator accepts (`InferRequestType`). A handler that changes its path, its answer or
 * its input without the table makes `answersAgree` or `bodiesAgree` below fail, naming the route (docs/ARCHITECTURE.md,
 * "The client contract").
 */
import type { hc, InferRequestType, InferResponseType } from 'hono/client';
import type { JSONParsed } from 'hono/utils/types';
import type { ApiRoutes, RouteKey } from '../../shared/api/routes';
import type { AppType } from '../../worker/src/app';
import type { importMembers } from '../../worker/src/features/members/import';

type Client = ReturnType<typeof hc<AppType>>;

/** `/api/orgs/:org` → `['api', 'orgs', ':org']`: the keys of the hc client, one per part. */
type Parts<Path extends string> = Path extends `${infer Head}/${infer Tail}`
  ? [Head, ...Parts<Tail>]
  : [Path];

declare const missing: unique symbol;
/** What a route the app does not have stands for: no answer or body matches it. */
type Missing = { readonly [missing]: true };

type Walk<Node, Keys extends string[]> = Keys extends [
  infer Key extends string,
  ...infer Rest extends string[],
]
  ? Key extends keyof Node
    ? Walk<Node[Key], Rest>
    : Missing
  : Node;

/** The hc client's function for a route of the table, e.g. `client.api.orgs[':org'].$get`. */
type Endpoint<K extends RouteKey> = K extends `${infer Method} /${infer Path}`
  ? Walk<Client, [...Parts<Path>, `$${Lowercase<Method>}`]>
  : Missing;

/**
 * Answers that are not `c.json(…)`: the import streams its JSON (lib/json-stream.ts), so its
 * handler's type says only "a stream" and the use case's result stands for it; the export is a
 * CSV file, whose route must exist and whose bytes the client answers as they came.
 */
type Served<K extends RouteKey> = K extends 'POST /api/orgs/:org/members/import'
  ? JSONParsed<Awaited<ReturnType<typeof importMembers>>>
  : K extends 'GET /api/orgs/:org/members/export'
    ? Endpoint<K> extends Missing
      ? Missing
      : ApiRoutes[K]['response']
    : Endpoint<K> extends Missing
      ? Missing
      : InferResponseType<Endpoint<K>>;

/**
 * What the table says, as JSON (what `JSON.parse` makes of it: `unknown` is any JSON value); an
 * answer without a body (`c.body(null, 204)`) is `null` to hono; the export's file is compared as
 * it is.
 */
type Expected<K extends RouteKey> = ApiRoutes[K]['response'] extends undefined
  ? null
  : K extends 'GET /api/orgs/:org/members/export'
    ? ApiRoutes[K]['response']
    : JSONParsed<ApiRoutes[K]['response']>;

/** The JSON body the route's validator accepts (`undefined`: it has none). */
type Accepted<K extends RouteKey> =
  Endpoint<K> extends Missing
    ? Missing
    : 'json' extends keyof InferRequestType<Endpoint<K>>
      ? InferRequestType<Endpoint<K>>['json']
      : undefined;

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

type AnswerDrift = {
  [K in RouteKey]: Same<Expected<K>, Served<K>> extends true ? never : K;
}[RouteKey];

type BodyDrift = {
  [K in RouteKey]: ApiRoutes[K] extends { body: infer Body }
    ? [Body] extends [Accepted<K>]
      ? never
      : K
    : never;
}[RouteKey];

/** Fails to compile, naming the routes, when the client and the server disagree on an answer. */
export const answersAgree: [AnswerDrift] extends [never] ? 'agreed' : `drifted: ${AnswerDrift}` =
  'agreed';

/** Fails to compile, naming the routes, when the server no longer takes a body the client sends. */
export const bodiesAgree: [BodyDrift] extends [never] ? 'agreed' : `drifted: ${BodyDrift}` =
  'agreed';
