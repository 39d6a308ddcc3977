/**
 * The OpenAPI 3.1 document of the API, built from the route table of http/openapi.ts: request
 * bodies and query parameters are the JSON Schema (draft 2020-12, OpenAPI 3.1's) of the very zod
 * schemas the routes validate with, as `z.toJSONSchema` reads their input side; every error answer
 * is the one error shape of shared/errors.ts, written once as `#/components/schemas/Error`. Built on
 * the first request and kept (`apiDocument`); the only thing of the server's in it is its own
 * origin, from PUBLIC_URL.
 */
import * as z from 'zod/mini';
import { idSchema } from '../../../shared/api/common';
import { ERROR_CODES, ERROR_STATUS, type ErrorCode } from '../../../shared/errors';
import { ALLOWED_BEFORE_PASSWORD_CHANGE } from './middleware/auth';
import { API_OPERATIONS, API_TAGS, type ApiOperation, type RouteKey } from './openapi';

export type JsonSchema = { [key: string]: unknown };

export interface Parameter {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  description?: string;
  schema: JsonSchema;
}

export interface Response {
  description: string;
  content?: Record<string, { schema?: JsonSchema }>;
}

export interface Operation {
  operationId: string;
  tags: string[];
  summary: string;
  description?: string;
  security: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: {
    required: boolean;
    description?: string;
    content: Record<string, { schema: JsonSchema }>;
  };
  responses: Record<string, Response>;
}

export interface ApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  servers: { url: string }[];
  tags: { name: string; description: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: {
    securitySchemes: Record<string, JsonSchema>;
    schemas: Record<string, JsonSchema>;
  };
}

/** What each path parameter of the API names; ids are checked with `idSchema` by the routes. */
const PATH_PARAMS: Record<string, { description: string; schema?: z.ZodMiniType }> = {
  org: { description: "The organization's id." },
  id: { description: "The record's id.", schema: idSchema },
  userId: { description: "The member's user id.", schema: idSchema },
  token: { description: 'The token of the link that was sent or shared.' },
};

/** The one error shape (shared/errors.ts `ErrorBody`). */
const ERROR_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'requestId'],
      properties: {
        code: { type: 'string', enum: ERROR_CODES },
        message: { type: 'string', description: 'A sentence for people.' },
        fields: {
          type: 'object',
          additionalProperties: { type: 'string' },
          description: 'With `invalid_input`: what is wrong with each field, by its path.',
        },
        requestId: { type: 'string', description: "The request's id, as the server logged it." },
      },
    },
  },
};

/** The input side of a zod schema as JSON Schema, without its `$schema` line. */
export function jsonSchemaOf(schema: z.ZodMiniType): JsonSchema {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
  }) as JsonSchema;
  return rest;
}

const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

const operationId = (method: string, path: string) =>
  method.toLowerCase() +
  path
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');

function parametersOf(path: string, op: ApiOperation): Parameter[] {
  const inPath = [...path.matchAll(/:(\w+)/g)].map(([, name]): Parameter => {
    const known = PATH_PARAMS[name!];
    return {
      name: name!,
      in: 'path',
      required: true,
      ...(known ? { description: known.description } : {}),
      schema: known?.schema ? jsonSchemaOf(known.schema) : { type: 'string' },
    };
  });
  if (!op.query) return inPath;
  const query = jsonSchemaOf(op.query);
  const required = new Set((query.required as string[] | undefined) ?? []);
  const properties = (query.properties ?? {}) as Record<string, JsonSchema>;
  return [
    ...inPath,
    ...Object.entries(properties).map(
      ([name, schema]): Parameter => ({ name, in: 'query', required: required.has(name), schema }),
    ),
  ];
}

/** The error codes a route answers: its own, and those of its sign-in check and validators. */
function errorCodesOf(key: string, path: string, op: ApiOperation): ErrorCode[] {
  const codes = new Set<ErrorCode>();
  if (op.access !== 'public') codes.add('unauthenticated');
  if (!op.access && !ALLOWED_BEFORE_PASSWORD_CHANGE.has(key)) codes.add('password_change_required');
  if (/:(org|id|userId|token)\b/.test(path)) codes.add('not_found');
  // An API key past its rate on its organization's routes; refused on a person's own routes.
  if (!op.access) codes.add(path.startsWith('/api/orgs/:org') ? 'rate_limited' : 'forbidden');
  if (op.body && '_zod' in op.body) {
    for (const code of ['invalid_json', 'payload_too_large', 'unsupported_media_type'] as const)
      codes.add(code);
  }
  if ((op.body && '_zod' in op.body) || op.query || /:(id|userId)\b/.test(path))
    codes.add('invalid_input');
  for (const code of op.errors ?? []) codes.add(code);
  codes.add('internal');
  return ERROR_CODES.filter((code) => codes.has(code));
}

function responsesOf(key: string, path: string, op: ApiOperation): Record<string, Response> {
  const status = op.status ?? 200;
  const responses: Record<string, Response> = {
    [status]:
      status === 204
        ? { description: 'Done; no content.' }
        : {
            description: /^[A-Z][\w<>]*$/.test(op.returns ?? '')
              ? `\`${op.returns}\` (shared/api).`
              : (op.returns ?? 'Done.'),
            content: op.media
              ? { [op.media]: { schema: { type: 'string' } } }
              : { 'application/json': {} },
          },
  };
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of errorCodesOf(key, path, op)) {
    byStatus.set(ERROR_STATUS[code], [...(byStatus.get(ERROR_STATUS[code]) ?? []), code]);
  }
  for (const [errorStatus, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    responses[errorStatus] = {
      description: codes.map((code) => `\`${code}\``).join(', '),
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    };
  }
  return responses;
}

function requestBodyOf(op: ApiOperation): Operation['requestBody'] {
  if (!op.body) return undefined;
  if (!('_zod' in op.body)) {
    return {
      required: true,
      description: op.body.description,
      content: { [op.body.media]: { schema: { type: 'string' } } },
    };
  }
  return {
    required: op.body._zod.optin !== 'optional',
    content: { 'application/json': { schema: jsonSchemaOf(op.body) } },
  };
}

const SECURITY = {
  public: [],
  optional: [{}, { session: [] }],
  session: [{ session: [] }],
} as const;

/** The document without `servers`, from a route table. */
export function buildApiDocument(
  operations: Record<RouteKey, ApiOperation>,
): Omit<ApiDocument, 'servers'> {
  const paths: ApiDocument['paths'] = {};
  for (const [key, op] of Object.entries(operations)) {
    const [method = '', path = ''] = key.split(' ');
    const parameters = parametersOf(path, op);
    const requestBody = requestBodyOf(op);
    const operation: Operation = {
      operationId: operationId(method, path),
      tags: [op.tag],
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      security: SECURITY[op.access ?? 'session'].map((s) => ({ ...s })),
      ...(parameters.length ? { parameters } : {}),
      ...(requestBody ? { requestBody } : {}),
      responses: responsesOf(key, path, op),
    };
    paths[openApiPath(path)] = {
      ...paths[openApiPath(path)],
      [method.toLowerCase()]: operation,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Invitations API',
      version: '1.0.0',
      description:
        'JSON over HTTPS. Send the session token from `POST /api/auth/login` as `Authorization: Bearer <token>` (or, from a server, an organization\'s API key `inv_key_…` on that organization\'s routes). Every error answers `{ "error": { "code", "message", "fields"?, "requestId" } }`; a request to another host than the server\'s own answers 421 `wrong_host`.',
    },
    tags: Object.entries(API_TAGS).map(([name, description]) => ({ name, description })),
    paths,
    components: {
      securitySchemes: {
        session: {
          type: 'http',
          scheme: 'bearer',
          description:
            "A session token from `POST /api/auth/login` or accepting an invitation, or on an organization's routes one of its API keys (`inv_key_…`).",
        },
      },
      schemas: { Error: ERROR_SCHEMA },
    },
  };
}

let built: Omit<ApiDocument, 'servers'> | undefined;

/** The API's document for a server at `origin`: built once, on first use. */
export function apiDocument(origin: string): ApiDocument {
  built ??= buildApiDocument(API_OPERATIONS);
  const { openapi, info, ...rest } = built;
  return { openapi, info, servers: [{ url: origin }], ...rest };
}
