/**
 * The dashboard's part of the typed client: the routes neither the popup nor the background worker
 * use (users and their import and export, personal invitations, department and workspace changes,
 * settings, the audit log, a link's details, and the public join and organization-creation calls no
 * extension page makes), on top of the core of `./client`. Only the dashboard imports this module,
 * so none of it ships in the popup, whose JavaScript has a budget; the requests still go through
 * the core's one request function (session token, the contract's errors), each naming its route of
 * `./api/routes` as the core's do.
 */
import type {
  AddMemberRequest,
  ApplyRequest,
  BulkInviteRequest,
  CreateInvitationRequest,
  CreateOrgRequest,
  CreateWebhookRequest,
  DepartmentRequest,
  InvitationState,
  MemberStatus,
  PatchMemberRequest,
  PatchSettingsRequest,
  UpdateWebhookRequest,
  WorkspaceRequest,
} from './api';
import type { CreateApiKeyRequest } from './api/api-keys';
import type { BodyOf, PathsOf, PathTo, ResponseOf } from './api/routes';
import {
  orgPath as at,
  type ApiClient,
  type PageParams,
  type Query,
  type RouteRequest,
} from './client';

/**
 * The users table's filters; dates are `2024-05-01` or ISO times (from inclusive, to exclusive).
 */
export type MemberFilters = {
  q?: string;
  status?: MemberStatus;
  invitation?: InvitationState;
  registeredFrom?: string;
  registeredTo?: string;
  activeFrom?: string;
  activeTo?: string;
};

export type AdminApi = ReturnType<typeof createAdminApi>;

/** Everything the core client `api` does, and the dashboard's routes besides. */
export function createAdminApi(api: ApiClient) {
  const route = api.request as RouteRequest;
  const get = <P extends PathsOf<'GET'> = never>(path: PathTo<P>, query?: Query) =>
    route<'GET', P>('GET', path, { query });
  const post = <P extends PathsOf<'POST'> = never>(path: PathTo<P>, json?: BodyOf<'POST', P>) =>
    route<'POST', P>('POST', path, { json });
  const patch = <P extends PathsOf<'PATCH'> = never>(path: PathTo<P>, json: BodyOf<'PATCH', P>) =>
    route<'PATCH', P>('PATCH', path, { json });
  const del = <P extends PathsOf<'DELETE'> = never>(path: PathTo<P>) =>
    route<'DELETE', P>('DELETE', path);

  return {
    ...api,
    orgs: {
      ...api.orgs,
      create: (body: CreateOrgRequest) => post<'/api/orgs'>('/api/orgs', body),
      patchSettings: (orgId: string, body: PatchSettingsRequest) =>
        patch<'/api/orgs/:org/settings'>(at(orgId, 'settings'), body),
      /** The logo image itself as the body; the server tells its type by its bytes. */
      uploadLogo: (orgId: string, image: Blob) =>
        route<'PUT', '/api/orgs/:org/logo'>('PUT', at(orgId, 'logo'), {
          raw: { type: image.type || 'application/octet-stream', body: image },
        }),
      removeLogo: (orgId: string) => del<'/api/orgs/:org/logo'>(at(orgId, 'logo')),
    },
    /** Departments and workspaces: create, rename, delete (the list is the core's). */
    departments: {
      ...api.departments,
      create: (orgId: string, body: DepartmentRequest) =>
        post<'/api/orgs/:org/departments'>(at(orgId, 'departments'), body),
      patch: (orgId: string, itemId: string, body: Partial<DepartmentRequest>) =>
        patch<'/api/orgs/:org/departments/:id'>(at(orgId, 'departments', itemId), body),
      remove: (orgId: string, itemId: string) =>
        del<'/api/orgs/:org/departments/:id'>(at(orgId, 'departments', itemId)),
    },
    workspaces: {
      ...api.workspaces,
      create: (orgId: string, body: WorkspaceRequest) =>
        post<'/api/orgs/:org/workspaces'>(at(orgId, 'workspaces'), body),
      patch: (orgId: string, itemId: string, body: Partial<WorkspaceRequest>) =>
        patch<'/api/orgs/:org/workspaces/:id'>(at(orgId, 'workspaces', itemId), body),
      remove: (orgId: string, itemId: string) =>
        del<'/api/orgs/:org/workspaces/:id'>(at(orgId, 'workspaces', itemId)),
    },
    links: {
      ...api.links,
      /** The link, its latest applications and who joined through it. */
      get: (orgId: string, linkId: string) =>
        get<'/api/orgs/:org/links/:id'>(at(orgId, 'links', linkId)),
    },
    join: {
      info: (token: string) => get<'/api/join/:token'>(`/api/join/${encodeURIComponent(token)}`),
      apply: (token: string, body: ApplyRequest) =>
        post<'/api/join/:token'>(`/api/join/${encodeURIComponent(token)}`, body),
    },
    invitations: {
      ...api.invitations,
      create: (orgId: string, body: CreateInvitationRequest) =>
        post<'/api/orgs/:org/invitations'>(at(orgId, 'invitations'), body),
    },
    members: {
      list: (orgId: string, params: PageParams & MemberFilters = {}) =>
        get<'/api/orgs/:org/members'>(at(orgId, 'members'), params),
      add: (orgId: string, body: AddMemberRequest) =>
        post<'/api/orgs/:org/members'>(at(orgId, 'members'), body),
      patch: (orgId: string, userId: string, body: PatchMemberRequest) =>
        patch<'/api/orgs/:org/members/:userId'>(at(orgId, 'members', userId), body),
      remove: (orgId: string, userId: string) =>
        del<'/api/orgs/:org/members/:userId'>(at(orgId, 'members', userId)),
      invite: (orgId: string, body: BulkInviteRequest) =>
        post<'/api/orgs/:org/members/invite'>(at(orgId, 'members', 'invite'), body),
      /** A CSV file (`text/csv`); with `sendInvitation` the new users are invited at once. */
      import: (orgId: string, csv: string, opts: { sendInvitation?: boolean } = {}) =>
        route<'POST', '/api/orgs/:org/members/import'>('POST', at(orgId, 'members', 'import'), {
          raw: { type: 'text/csv', body: csv },
          query: { sendInvitation: opts.sendInvitation ? 'true' : undefined },
        }),
      /**
       * `GET /members/export`: every user, in the import's columns plus status and activity, as the
       * file the server sent (its bytes, byte order mark included).
       */
      export: async (orgId: string): Promise<ResponseOf<'GET', '/api/orgs/:org/members/export'>> =>
        (
          await api.send(
            'GET',
            at(orgId, 'members', 'export') satisfies PathTo<'/api/orgs/:org/members/export'>,
            { accept: 'text/csv' },
          )
        ).blob(),
    },
    audit: (orgId: string, params: PageParams = {}) =>
      get<'/api/orgs/:org/audit'>(at(orgId, 'audit'), params),
    /** API keys: the secret comes only in `create`'s answer. */
    apiKeys: {
      list: (orgId: string, params: PageParams = {}) =>
        get<'/api/orgs/:org/api-keys'>(at(orgId, 'api-keys'), params),
      create: (orgId: string, body: CreateApiKeyRequest) =>
        post<'/api/orgs/:org/api-keys'>(at(orgId, 'api-keys'), body),
      revoke: (orgId: string, id: string) =>
        del<'/api/orgs/:org/api-keys/:id'>(at(orgId, 'api-keys', id)),
    },
    /** Signed webhooks to the organization's own systems (owners and admins). */
    webhooks: {
      list: (orgId: string) => get<'/api/orgs/:org/webhooks'>(at(orgId, 'webhooks')),
      get: (orgId: string, id: string) =>
        get<'/api/orgs/:org/webhooks/:id'>(at(orgId, 'webhooks', id)),
      deliveries: (orgId: string, id: string) =>
        get<'/api/orgs/:org/webhooks/:id/deliveries'>(at(orgId, 'webhooks', id, 'deliveries')),
      create: (orgId: string, body: CreateWebhookRequest) =>
        post<'/api/orgs/:org/webhooks'>(at(orgId, 'webhooks'), body),
      patch: (orgId: string, id: string, body: UpdateWebhookRequest) =>
        patch<'/api/orgs/:org/webhooks/:id'>(at(orgId, 'webhooks', id), body),
      remove: (orgId: string, id: string) =>
        del<'/api/orgs/:org/webhooks/:id'>(at(orgId, 'webhooks', id)),
      rotateSecret: (orgId: string, id: string) =>
        post<'/api/orgs/:org/webhooks/:id/rotate-secret'>(
          at(orgId, 'webhooks', id, 'rotate-secret'),
        ),
      test: (orgId: string, id: string) =>
        post<'/api/orgs/:org/webhooks/:id/test'>(at(orgId, 'webhooks', id, 'test')),
    },
  };
}
