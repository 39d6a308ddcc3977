/**
 * Objects as the API returns them, for unit tests: each of the type shared/api/routes.ts gives the
 * route's answer, which test/contract/routes.ts holds equal to the server's, so a fixture cannot
 * drift from what the server sends (the fake's `on` takes only bodies of the route's type).
 */
import {
  DEFAULT_ORG_SETTINGS,
  type ApplicationDto,
  type ApproveResponse,
  type DepartmentDto,
  type InvitationDto,
  type LinkDetailDto,
  type LinkDto,
  type RenewalDto,
  type LinkJoinerDto,
  type LoginResponse,
  type MemberDto,
  type OrgDto,
  type OrgSettings,
} from '../../../shared/api';
import type { StoredSession } from '../../../extension/lib/storage';

export const SERVER = 'http://localhost:8787';

export function loginResponse(overrides: Partial<LoginResponse> = {}): LoginResponse {
  return {
    token: 'token-1',
    expiresAt: '2099-01-01T00:00:00.000Z',
    user: {
      id: 'u-admin',
      email: 'admin@example.com',
      phone: null,
      name: 'Ada Admin',
      mustChangePassword: false,
    },
    memberships: [
      { orgId: 'org-1', orgName: 'Acme', role: 'admin' },
      { orgId: 'org-2', orgName: 'Beta', role: 'member' },
    ],
    ...overrides,
  };
}

export function session(overrides: Partial<StoredSession> = {}): StoredSession {
  const login = loginResponse();
  return {
    serverUrl: SERVER,
    token: login.token,
    expiresAt: login.expiresAt,
    user: login.user,
    memberships: login.memberships,
    orgId: 'org-1',
    ...overrides,
  };
}

export function link(id: string, overrides: Partial<LinkDto> = {}): LinkDto {
  return {
    id,
    url: `${SERVER}/join/tok-${id}`,
    status: 'active',
    expiresAt: '2099-01-08T00:00:00.000Z',
    departmentId: null,
    role: 'member',
    requiresApproval: true,
    maxUses: null,
    useCount: 0,
    revokedAt: null,
    createdBy: { id: 'u-admin', name: 'Ada Admin' },
    createdAt: '2099-01-01T00:00:00.000Z',
    ...overrides,
  };
}

export function application(id: string, overrides: Partial<ApplicationDto> = {}): ApplicationDto {
  return {
    id,
    name: `Applicant ${id}`,
    email: `${id}@example.com`,
    status: 'pending',
    inviter: { id: 'u-admin', name: 'Ada Admin' },
    reviewer: null,
    reviewedAt: null,
    reason: null,
    linkId: 'l1',
    createdAt: '2099-01-01T00:00:00.000Z',
    locale: null,
    ...overrides,
  };
}

export function renewal(id: string, overrides: Partial<RenewalDto> = {}): RenewalDto {
  return {
    id,
    kind: 'asked',
    name: `Asker ${id}`,
    email: `${id}@example.com`,
    phone: null,
    role: 'member',
    departmentId: null,
    status: 'pending',
    owner: { id: 'u-admin', name: 'Ada Admin' },
    invitationId: null,
    linkId: 'l1',
    locale: null,
    createdAt: '2099-01-01T00:00:00.000Z',
    decidedBy: null,
    decidedAt: null,
    newInvitationId: null,
    newLinkId: null,
    ...overrides,
  };
}

export function invitation(id: string, overrides: Partial<InvitationDto> = {}): InvitationDto {
  return {
    id,
    email: `${id}@example.com`,
    phone: null,
    channel: 'email',
    role: 'member',
    departmentId: null,
    workspaces: [],
    status: 'pending',
    expiresAt: '2099-01-04T00:00:00.000Z',
    resendCount: 0,
    createdBy: { id: 'u-admin', name: 'Ada Admin' },
    createdAt: '2099-01-01T00:00:00.000Z',
    locale: null,
    delivery: null,
    ...overrides,
  };
}

export function member(userId: string, overrides: Partial<MemberDto> = {}): MemberDto {
  return {
    userId,
    email: `${userId}@example.com`,
    phone: null,
    name: userId,
    firstName: null,
    lastName: null,
    gender: null,
    birthday: null,
    position: null,
    departmentId: null,
    role: 'member',
    status: 'pending',
    invitationState: 'not_invited',
    invitationError: null,
    delivery: null,
    registeredAt: null,
    lastActiveAt: null,
    createdAt: '2030-01-01T00:00:00Z',
    ...overrides,
  };
}

export function joiner(userId: string, overrides: Partial<LinkJoinerDto> = {}): LinkJoinerDto {
  return {
    userId,
    name: `Joiner ${userId}`,
    email: `${userId}@example.com`,
    role: 'member',
    status: 'pending',
    joinedAt: '2099-01-02T00:00:00.000Z',
    activatedAt: null,
    ...overrides,
  };
}

export function linkDetail(
  id: string,
  members: LinkJoinerDto[],
  overrides: Partial<LinkDetailDto> = {},
): LinkDetailDto {
  return {
    link: link(id),
    applications: [application('a1', { linkId: id })],
    members,
    ...overrides,
  };
}

/** The organization as an owner or admin reads it: with its settings (the server's defaults). */
export function org(
  id: string,
  settings: Partial<OrgSettings> = {},
  overrides: Partial<OrgDto> = {},
): OrgDto {
  return {
    id,
    name: 'Acme',
    slug: 'acme',
    createdAt: '2099-01-01T00:00:00.000Z',
    settings: { ...DEFAULT_ORG_SETTINGS, ...settings },
    ...overrides,
  };
}

export function department(id: string, overrides: Partial<DepartmentDto> = {}): DepartmentDto {
  return {
    id,
    name: `Department ${id}`,
    parentId: null,
    createdAt: '2099-01-01T00:00:00.000Z',
    ...overrides,
  };
}

/** An approval's answer: the application and the membership it made. */
export function approval(app: ApplicationDto): ApproveResponse {
  return {
    application: app,
    membership: { userId: `u-${app.id}`, role: 'member', status: 'pending' },
  };
}
