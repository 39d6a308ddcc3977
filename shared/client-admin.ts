/**
 * The dashboard's part of the typed client: the routes neither the popup nor the background worker
 * use (users and their import and export, personal invitations, department and workspace changes,
 * settings, the audit log, a link's details, and the public join and organization-creation calls no
 * extension page makes), on top of the core of `./client`. Only the dashboard imports this module,
 * so none of it ships in the popup, whose JavaScript has a budget; the requests still go through
 * the core's one request function (session token, the contract's errors).
 */
import type {
  AddMemberRequest,
  ApplyRequest,
  ApplyResponse,
  AuditEventDto,
  BulkInviteRequest,
  BulkInviteResponse,
  CreateInvitationRequest,
  CreateInvitationResponse,
  CreateOrgRequest,
  DepartmentDto,
  DepartmentRequest,
  ImportResponse,
  InvitationState,
  JoinInfo,
  LinkDetailDto,
  MemberDto,
  MemberStatus,
  OrgDto,
  OrgSettings,
  Page,
  PatchMemberRequest,
  PatchSettingsRequest,
  WorkspaceDto,
  WorkspaceRequest,
} from './api';
import { orgPath as at, type ApiClient, type PageParams, type Query } from './client';

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
  const { request } = api;
  const get = <T>(path: string, query?: Query) => request<T>('GET', path, { query });
  const post = <T>(path: string, json?: unknown) => request<T>('POST', path, { json });
  const patch = <T>(path: string, json: unknown) => request<T>('PATCH', path, { json });
  const del = (path: string) => request<void>('DELETE', path);

  /** Departments and workspaces: create, rename, delete (the list is the core's). */
  function namedItems<T, Body>(kind: string) {
    return {
      create: (orgId: string, body: Body) => post<T>(at(orgId, kind), body),
      patch: (orgId: string, itemId: string, body: Partial<Body>) =>
        patch<T>(at(orgId, kind, itemId), body),
      remove: (orgId: string, itemId: string) => del(at(orgId, kind, itemId)),
    };
  }

  return {
    ...api,
    orgs: {
      ...api.orgs,
      create: (body: CreateOrgRequest) => post<OrgDto>('/api/orgs', body),
      patchSettings: (orgId: string, body: PatchSettingsRequest) =>
        patch<OrgSettings>(at(orgId, 'settings'), body),
    },
    departments: {
      ...api.departments,
      ...namedItems<DepartmentDto, DepartmentRequest>('departments'),
    },
    workspaces: { ...api.workspaces, ...namedItems<WorkspaceDto, WorkspaceRequest>('workspaces') },
    links: {
      ...api.links,
      /** The link, its latest applications and who joined through it. */
      get: (orgId: string, linkId: string) => get<LinkDetailDto>(at(orgId, 'links', linkId)),
    },
    join: {
      info: (token: string) => get<JoinInfo>(`/api/join/${encodeURIComponent(token)}`),
      apply: (token: string, body: ApplyRequest) =>
        post<ApplyResponse>(`/api/join/${encodeURIComponent(token)}`, body),
    },
    invitations: {
      ...api.invitations,
      create: (orgId: string, body: CreateInvitationRequest) =>
        post<CreateInvitationResponse>(at(orgId, 'invitations'), body),
    },
    members: {
      list: (orgId: string, params: PageParams & MemberFilters = {}) =>
        get<Page<MemberDto>>(at(orgId, 'members'), params),
      add: (orgId: string, body: AddMemberRequest) => post<MemberDto>(at(orgId, 'members'), body),
      patch: (orgId: string, userId: string, body: PatchMemberRequest) =>
        patch<MemberDto>(at(orgId, 'members', userId), body),
      remove: (orgId: string, userId: string) => del(at(orgId, 'members', userId)),
      invite: (orgId: string, body: BulkInviteRequest) =>
        post<BulkInviteResponse>(at(orgId, 'members', 'invite'), body),
      /** A CSV file (`text/csv`); with `sendInvitation` the new users are invited at once. */
      import: (orgId: string, csv: string, opts: { sendInvitation?: boolean } = {}) =>
        request<ImportResponse>('POST', at(orgId, 'members', 'import'), {
          csv,
          query: { sendInvitation: opts.sendInvitation ? 'true' : undefined },
        }),
      /**
       * `GET /members/export`: every user, in the import's columns plus status and activity, as the
       * file the server sent (its bytes, byte order mark included).
       */
      export: async (orgId: string): Promise<Blob> =>
        (await api.send('GET', at(orgId, 'members', 'export'), { accept: 'text/csv' })).blob(),
    },
    audit: (orgId: string, params: PageParams = {}) =>
      get<Page<AuditEventDto>>(at(orgId, 'audit'), params),
  };
}
