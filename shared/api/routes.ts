/**
 * The routes the extension's client calls, each with what it sends and what the server answers:
 * types only, so nothing here reaches a bundle. `shared/client.ts` and `shared/client-admin.ts` name
 * a route of this table for every request; the path they build is checked against the route's, and
 * what they answer is the route's `response`. test/contract/routes.ts asserts that every `response`
 * is the server's own (hono's `InferResponseType` of `hc<AppType>` for the same method and path), so
 * a handler that changes its answer or its path fails `npm run typecheck` until this table, and the
 * client with it, follows (docs/ARCHITECTURE.md, "The client contract").
 *
 * `response: undefined` stands for an answer without a body (204).
 */
import type { ApiKeyDto, CreateApiKeyRequest, CreatedApiKeyDto } from './api-keys';
import type { ApproveResponse, ApplicationDto } from './applications';
import type {
  CreateWebhookRequest,
  UpdateWebhookRequest,
  WebhookDeliveriesDto,
  WebhookDetailDto,
  WebhookEndpointDto,
  WebhookListDto,
  WebhookTestDto,
  WebhookWithSecretDto,
} from './webhooks';
import type { ChangePasswordRequest, LoginRequest, LoginResponse, MeResponse } from './auth';
import type { Page } from './common';
import type {
  CreateInvitationRequest,
  CreateInvitationResponse,
  InvitationDto,
  InviteInfo,
  WorkspaceGrant,
} from './invitations';
import type {
  ApplyRequest,
  ApplyResponse,
  CreateLinkRequest,
  JoinInfo,
  LinkDetailDto,
  LinkDto,
  RevokeLinkResponse,
} from './links';
import type {
  AddMemberRequest,
  BulkInviteRequest,
  BulkInviteResponse,
  ImportResponse,
  MemberDto,
  PatchMemberRequest,
} from './members';
import type {
  AuditEventDto,
  CreateOrgRequest,
  DepartmentDto,
  DepartmentRequest,
  LogoDto,
  OrgDto,
  PatchSettingsRequest,
  WorkspaceDto,
  WorkspaceRequest,
} from './orgs';
import type { RenewalDto, RenewalInviteResponse, RenewalLinkResponse } from './renewals';
import type { SearchResponse } from './search';

export interface ApiRoutes {
  // The popup's and background worker's routes (shared/client.ts).
  'POST /api/auth/login': { body: LoginRequest; response: LoginResponse };
  'POST /api/auth/logout': { response: undefined };
  'GET /api/me': { response: MeResponse };
  'POST /api/account/password': { body: ChangePasswordRequest; response: undefined };
  'GET /api/orgs/:org': { response: OrgDto };
  'GET /api/orgs/:org/departments': { response: Page<DepartmentDto> };
  'GET /api/orgs/:org/workspaces': { response: Page<WorkspaceDto> };
  'POST /api/orgs/:org/links': { body: CreateLinkRequest; response: LinkDto };
  'GET /api/orgs/:org/links': { response: Page<LinkDto> };
  'DELETE /api/orgs/:org/links/:id': {
    body: { removeJoined?: boolean } | undefined;
    response: RevokeLinkResponse;
  };
  'POST /api/orgs/:org/links/reset': { response: { revoked: number } };
  'GET /api/orgs/:org/applications': { response: Page<ApplicationDto> };
  'POST /api/orgs/:org/applications/:id/approve': { response: ApproveResponse };
  'POST /api/orgs/:org/applications/:id/reject': {
    body: { reason?: string };
    response: ApplicationDto;
  };
  'GET /api/orgs/:org/invitations': { response: Page<InvitationDto> };
  'GET /api/orgs/:org/renewals': { response: Page<RenewalDto> };
  'POST /api/orgs/:org/renewals/:id/invite': { response: RenewalInviteResponse };
  'POST /api/orgs/:org/renewals/:id/link': { response: RenewalLinkResponse };
  'POST /api/orgs/:org/renewals/:id/dismiss': { response: RenewalDto };
  'POST /api/orgs/:org/invitations/:id/resend': { response: CreateInvitationResponse };
  'DELETE /api/orgs/:org/invitations/:id': { response: undefined };
  'PUT /api/orgs/:org/invitations/:id/workspaces': {
    body: { workspaces: WorkspaceGrant[] };
    response: InvitationDto;
  };
  'GET /api/orgs/:org/search': { response: SearchResponse };
  'GET /api/invite/:token': { response: InviteInfo };

  // The dashboard's routes (shared/client-admin.ts).
  'POST /api/orgs': { body: CreateOrgRequest; response: OrgDto };
  'PATCH /api/orgs/:org/settings': { body: PatchSettingsRequest; response: OrgDto };
  /** The image as the raw body (features/organizations/logo-api.ts). */
  'PUT /api/orgs/:org/logo': { response: LogoDto };
  'DELETE /api/orgs/:org/logo': { response: undefined };
  'POST /api/orgs/:org/departments': { body: DepartmentRequest; response: DepartmentDto };
  'PATCH /api/orgs/:org/departments/:id': {
    body: Partial<DepartmentRequest>;
    response: DepartmentDto;
  };
  'DELETE /api/orgs/:org/departments/:id': { response: undefined };
  'POST /api/orgs/:org/workspaces': { body: WorkspaceRequest; response: WorkspaceDto };
  'PATCH /api/orgs/:org/workspaces/:id': {
    body: Partial<WorkspaceRequest>;
    response: WorkspaceDto;
  };
  'DELETE /api/orgs/:org/workspaces/:id': { response: undefined };
  'GET /api/orgs/:org/links/:id': { response: LinkDetailDto };
  'GET /api/join/:token': { response: JoinInfo };
  'POST /api/join/:token': { body: ApplyRequest; response: ApplyResponse };
  'POST /api/orgs/:org/invitations': {
    body: CreateInvitationRequest;
    response: CreateInvitationResponse;
  };
  'GET /api/orgs/:org/members': { response: Page<MemberDto> };
  'POST /api/orgs/:org/members': { body: AddMemberRequest; response: MemberDto };
  'PATCH /api/orgs/:org/members/:userId': { body: PatchMemberRequest; response: MemberDto };
  'DELETE /api/orgs/:org/members/:userId': { response: undefined };
  'POST /api/orgs/:org/members/invite': { body: BulkInviteRequest; response: BulkInviteResponse };
  /** A CSV file in, the answer streamed (features/members/api.ts). */
  'POST /api/orgs/:org/members/import': { response: ImportResponse };
  /** The CSV file itself, not JSON: the client answers its bytes. */
  'GET /api/orgs/:org/members/export': { response: Blob };
  'GET /api/orgs/:org/audit': { response: Page<AuditEventDto> };
  'GET /api/orgs/:org/api-keys': { response: Page<ApiKeyDto> };
  'POST /api/orgs/:org/api-keys': { body: CreateApiKeyRequest; response: CreatedApiKeyDto };
  'DELETE /api/orgs/:org/api-keys/:id': { response: undefined };
  'GET /api/orgs/:org/webhooks': { response: WebhookListDto };
  'POST /api/orgs/:org/webhooks': { body: CreateWebhookRequest; response: WebhookWithSecretDto };
  'GET /api/orgs/:org/webhooks/:id': { response: WebhookDetailDto };
  'GET /api/orgs/:org/webhooks/:id/deliveries': { response: WebhookDeliveriesDto };
  'PATCH /api/orgs/:org/webhooks/:id': {
    body: UpdateWebhookRequest;
    response: WebhookEndpointDto;
  };
  'DELETE /api/orgs/:org/webhooks/:id': { response: undefined };
  'POST /api/orgs/:org/webhooks/:id/rotate-secret': { response: WebhookWithSecretDto };
  'POST /api/orgs/:org/webhooks/:id/test': { response: WebhookTestDto };
}

export type RouteKey = keyof ApiRoutes;
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** The paths of the table's routes for `method`, e.g. `PathsOf<'GET'>` holds `/api/me`. */
export type PathsOf<M extends Method> = {
  [K in RouteKey]: K extends `${M} ${infer P}` ? P : never;
}[RouteKey];

type Route<M extends Method, P extends PathsOf<M>> = ApiRoutes[`${M} ${P}` & RouteKey];

/** What the server answers to `method path`. */
export type ResponseOf<M extends Method, P extends PathsOf<M>> = Route<M, P>['response'];

/** The JSON body `method path` takes (undefined: none). Never a source of inference, as `PathTo`. */
export type BodyOf<M extends Method, P extends PathsOf<M>> = NoInfer<
  Route<M, P> extends { body: infer B } ? B : undefined
>;

/** The parts after `/api/orgs/<org>` of a route's path, each `:param` standing for any string. */
type PartsOf<Rest extends string> = Rest extends `${infer Part}/${infer More}`
  ? [Part extends `:${string}` ? string : Part, ...PartsOf<More>]
  : [Rest extends `:${string}` ? string : Rest];

/** A route's path with every `:param` as any string. */
type Filled<P extends string> = P extends `${infer Head}/:${string}/${infer Tail}`
  ? `${Head}/${string}/${Filled<Tail>}`
  : P extends `${infer Head}/:${string}`
    ? `${Head}/${string}`
    : P;

declare const orgParts: unique symbol;

/**
 * A path `orgPath(org, ...parts)` built: a string that remembers its parts, so a request's path is
 * checked part by part against its route's (`/api/orgs/:org/links/:id` takes `['links', string]`, and
 * not `['links', string, 'qr.svg']`).
 */
export type OrgPath<Parts extends readonly string[]> = string & { readonly [orgParts]: Parts };

/**
 * The path a request to a route of the table is sent to. Never a source of inference: a request
 * that does not name its route (`get(path)` for `get<'/api/me'>(path)`) has no route, so its path
 * must be `never` and nothing compiles.
 */
export type PathTo<P extends string> = NoInfer<
  P extends `/api/orgs/:org/${infer Rest}`
    ? OrgPath<PartsOf<Rest>>
    : P extends '/api/orgs/:org'
      ? OrgPath<[]>
      : Filled<P>
>;
