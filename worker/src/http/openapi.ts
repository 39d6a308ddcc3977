/**
 * The API's route table for its reference (`GET /openapi.json`, `GET /docs/api`): every JSON route
 * the app serves, with the zod schemas its `json()` / `query()` validators use (the same objects,
 * imported from shared/api) and what it answers. The document is built from this table
 * (http/openapi-document.ts); test/api/openapi.test.ts compares it with the app's routes, so a new
 * route fails the tests until it has an entry here: one object literal under its `METHOD /path`.
 *
 * Path parameters are named by the path (`:org`, `:id` …, described once in `PATH_PARAMS` of
 * http/openapi-document.ts). Every route answers errors in the one shape of shared/errors.ts; the
 * codes its sign-in check and input validation give are added to `errors` by the document.
 */
import type { ZodMiniType } from 'zod/mini';
import { createApiKeyRequestSchema, listApiKeysQuerySchema } from '../../../shared/api/api-keys';
import {
  listApplicationsQuerySchema,
  rejectApplicationRequestSchema,
} from '../../../shared/api/applications';
import {
  changePasswordRequestSchema,
  loginRequestSchema,
  passwordResetRequestSchema,
} from '../../../shared/api/auth';
import { pageQuerySchema } from '../../../shared/api/common';
import {
  acceptInvitationRequestSchema,
  createInvitationRequestSchema,
  listInvitationsQuerySchema,
  setInvitationWorkspacesRequestSchema,
  verifyInvitationCodeRequestSchema,
} from '../../../shared/api/invitations';
import {
  applyRequestSchema,
  createLinkRequestSchema,
  listLinksQuerySchema,
  revokeLinkRequestSchema,
} from '../../../shared/api/links';
import {
  addMemberRequestSchema,
  bulkInviteRequestSchema,
  importQuerySchema,
  listMembersQuerySchema,
  patchMemberRequestSchema,
} from '../../../shared/api/members';
import {
  createOrgRequestSchema,
  departmentRequestSchema,
  patchDepartmentRequestSchema,
  patchSettingsRequestSchema,
  patchWorkspaceRequestSchema,
  workspaceRequestSchema,
} from '../../../shared/api/orgs';
import { listRenewalsQuerySchema } from '../../../shared/api/renewals';
import { searchQuerySchema } from '../../../shared/api/search';
import {
  createWebhookRequestSchema,
  updateWebhookRequestSchema,
} from '../../../shared/api/webhooks';
import type { ErrorCode } from '../../../shared/errors';

/** The groups the reference lists operations in, in this order. */
export const API_TAGS = {
  Service: 'The server itself: health and this reference.',
  'Sign-in': 'Signing in and out, and asking for a new password.',
  Account: 'The signed-in account.',
  Organizations: 'Organizations and their settings.',
  Departments: "An organization's units, a tree.",
  Workspaces: 'Resource spaces inside an organization.',
  Members: 'The people of an organization (owners and admins).',
  Invitations: 'Personal invitations an organization sends.',
  'Accepting an invitation': 'Public: the token in the path is the credential.',
  Links: 'General invitation links.',
  Applications: 'Requests to join that came through links.',
  Joining: 'Public: applying through a general link.',
  Renewals:
    'Invitations that expired unaccepted and requests for a new one: renew with an invitation or a fresh link, or dismiss.',
  Audit: "An organization's audit log (owners and admins).",
  'API keys':
    "An organization's keys for server-to-server calls (owners and admins, signed in as themselves).",
  Search: 'Finding invitees by name, e-mail address or phone.',
  Webhooks:
    'Signed webhooks (Standard Webhooks) to the organization\'s own systems (owners and admins); README "Webhooks".',
} as const;
export type ApiTag = keyof typeof API_TAGS;

export interface ApiOperation {
  tag: ApiTag;
  summary: string;
  description?: string;
  /**
   * Who may call it: a session's bearer token (the default), anyone (`public`), or anyone, with a
   * session's token read when sent (`optional`).
   */
  access?: 'public' | 'optional';
  /** The schema of its `query()` validator. */
  query?: ZodMiniType;
  /** The schema of its `json()` validator, or the media type of a body read otherwise. */
  body?: ZodMiniType | { media: string; description: string };
  /** The status of a successful answer: 200 unless given. */
  status?: 200 | 201 | 202 | 204;
  /**
   * What a successful answer holds: the response type in shared/api (`LinkDto`, `Page<LinkDto>`)
   * or a sentence; none for 204.
   */
  returns?: string;
  /** The media type of a successful answer that is not JSON. */
  media?: string;
  /** The error codes this route answers beyond those of its sign-in check and input validation. */
  errors?: ErrorCode[];
}

/** A route as Hono registers it: `METHOD /path/:param`. */
export type RouteKey = `${'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'} /${string}`;

/** Every operation of the API, keyed `METHOD /path` as Hono registers it. */
export const API_OPERATIONS: Record<RouteKey, ApiOperation> = {
  'GET /health': {
    tag: 'Service',
    summary: 'Whether the server is up',
    access: 'public',
    returns: '`{ "ok": true }`',
  },
  'GET /openapi.json': {
    tag: 'Service',
    summary: 'This API reference as an OpenAPI 3.1 document',
    access: 'public',
    returns: 'The OpenAPI document',
  },

  'POST /api/auth/login': {
    tag: 'Sign-in',
    summary: 'Sign in with an e-mail address (or phone) and password',
    description: 'Answers a session token to send as `Authorization: Bearer <token>`.',
    access: 'public',
    body: loginRequestSchema,
    returns: 'LoginResponse',
    errors: ['invalid_credentials', 'rate_limited'],
  },
  'POST /api/auth/password-reset': {
    tag: 'Sign-in',
    summary: 'Ask for a link to choose a new password',
    description: 'Answers the same whether or not the account exists.',
    access: 'public',
    body: passwordResetRequestSchema,
    status: 202,
    returns: '`{ "sent": true }`',
    errors: ['rate_limited'],
  },
  'POST /api/auth/logout': { tag: 'Sign-in', summary: 'Sign out (end this session)', status: 204 },

  'GET /api/me': {
    tag: 'Account',
    summary: 'The signed-in user and their organizations',
    returns: 'MeResponse',
  },
  'POST /api/account/password': {
    tag: 'Account',
    summary: "Change the signed-in user's password",
    body: changePasswordRequestSchema,
    status: 204,
    errors: ['invalid_credentials', 'rate_limited'],
  },

  'POST /api/orgs': {
    tag: 'Organizations',
    summary: 'Create an organization (the caller becomes its owner)',
    body: createOrgRequestSchema,
    status: 201,
    returns: 'OrgDto',
    errors: ['forbidden', 'rate_limited'],
  },
  'GET /api/orgs/:org': {
    tag: 'Organizations',
    summary: 'An organization (with settings and quota for owners and admins)',
    returns: 'OrgDto',
  },
  'PATCH /api/orgs/:org/settings': {
    tag: 'Organizations',
    summary: "Change an organization's settings",
    body: patchSettingsRequestSchema,
    returns: 'OrgDto',
    errors: ['forbidden'],
  },

  'PUT /api/orgs/:org/logo': {
    tag: 'Organizations',
    summary: "Upload the organization's logo (owners and admins)",
    description:
      'The image itself as the body, with an `image/*` or `application/octet-stream` Content-Type; ' +
      'PNG, JPEG, WebP or GIF, told by its first bytes. Served at `GET /logos/:orgId/:etag`.',
    body: {
      media: 'image/*',
      description: 'A PNG, JPEG, WebP or GIF image of at most 256 KiB (MAX_LOGO_BYTES).',
    },
    returns: 'LogoDto',
    errors: ['forbidden', 'invalid_input', 'payload_too_large', 'unsupported_media_type'],
  },
  'DELETE /api/orgs/:org/logo': {
    tag: 'Organizations',
    summary: "Remove the organization's uploaded logo (owners and admins)",
    status: 204,
    errors: ['forbidden'],
  },

  'GET /api/orgs/:org/departments': {
    tag: 'Departments',
    summary: 'List departments',
    query: pageQuerySchema,
    returns: 'Page<DepartmentDto>',
  },
  'POST /api/orgs/:org/departments': {
    tag: 'Departments',
    summary: 'Create a department',
    body: departmentRequestSchema,
    status: 201,
    returns: 'DepartmentDto',
    errors: ['forbidden', 'conflict'],
  },
  'PATCH /api/orgs/:org/departments/:id': {
    tag: 'Departments',
    summary: 'Rename or move a department',
    body: patchDepartmentRequestSchema,
    returns: 'DepartmentDto',
    errors: ['forbidden', 'conflict'],
  },
  'DELETE /api/orgs/:org/departments/:id': {
    tag: 'Departments',
    summary: 'Delete a department',
    status: 204,
    errors: ['forbidden', 'conflict'],
  },

  'GET /api/orgs/:org/workspaces': {
    tag: 'Workspaces',
    summary: 'List workspaces',
    query: pageQuerySchema,
    returns: 'Page<WorkspaceDto>',
  },
  'POST /api/orgs/:org/workspaces': {
    tag: 'Workspaces',
    summary: 'Create a workspace',
    body: workspaceRequestSchema,
    status: 201,
    returns: 'WorkspaceDto',
    errors: ['forbidden', 'conflict'],
  },
  'PATCH /api/orgs/:org/workspaces/:id': {
    tag: 'Workspaces',
    summary: 'Rename a workspace',
    body: patchWorkspaceRequestSchema,
    returns: 'WorkspaceDto',
    errors: ['forbidden', 'conflict'],
  },
  'DELETE /api/orgs/:org/workspaces/:id': {
    tag: 'Workspaces',
    summary: 'Delete a workspace',
    status: 204,
    errors: ['forbidden'],
  },

  'GET /api/orgs/:org/members': {
    tag: 'Members',
    summary: 'List members, with search and filters',
    query: listMembersQuerySchema,
    returns: 'Page<MemberDto>',
    errors: ['forbidden'],
  },
  'POST /api/orgs/:org/members': {
    tag: 'Members',
    summary: 'Add a member',
    body: addMemberRequestSchema,
    status: 201,
    returns: 'MemberDto',
    errors: ['forbidden', 'already_member', 'conflict'],
  },
  'GET /api/orgs/:org/members/export': {
    tag: 'Members',
    summary: 'Export the members as a CSV file',
    returns: 'The CSV file',
    media: 'text/csv',
    errors: ['forbidden'],
  },
  'POST /api/orgs/:org/members/invite': {
    tag: 'Members',
    summary: 'Send invitations to members (bulk)',
    body: bulkInviteRequestSchema,
    status: 202,
    returns: 'BulkInviteResponse',
    errors: ['forbidden', 'rate_limited'],
  },
  'POST /api/orgs/:org/members/import': {
    tag: 'Members',
    summary: 'Import people from a CSV file',
    query: importQuerySchema,
    body: {
      media: 'text/csv',
      description:
        'A CSV file of at most 10 MiB; its columns are IMPORT_COLUMNS of shared/api/members.ts.',
    },
    returns: 'ImportResponse',
    errors: [
      'forbidden',
      'invalid_input',
      'payload_too_large',
      'unsupported_media_type',
      'rate_limited',
    ],
  },
  'GET /api/orgs/:org/members/:userId': {
    tag: 'Members',
    summary: 'A member',
    returns: 'MemberDto',
    errors: ['forbidden'],
  },
  'PATCH /api/orgs/:org/members/:userId': {
    tag: 'Members',
    summary: 'Change a member',
    body: patchMemberRequestSchema,
    returns: 'MemberDto',
    errors: ['forbidden', 'conflict'],
  },
  'DELETE /api/orgs/:org/members/:userId': {
    tag: 'Members',
    summary: 'Remove a member',
    status: 204,
    errors: ['forbidden', 'conflict'],
  },

  'POST /api/orgs/:org/invitations': {
    tag: 'Invitations',
    summary: 'Send a personal invitation',
    body: createInvitationRequestSchema,
    status: 201,
    returns: 'CreateInvitationResponse',
    errors: ['forbidden', 'already_member', 'already_invited', 'rate_limited'],
  },
  'GET /api/orgs/:org/invitations': {
    tag: 'Invitations',
    summary: 'List personal invitations',
    query: listInvitationsQuerySchema,
    returns: 'Page<InvitationDto>',
  },
  'POST /api/orgs/:org/invitations/:id/resend': {
    tag: 'Invitations',
    summary: 'Send an invitation again (with a new link)',
    returns: 'CreateInvitationResponse',
    errors: ['forbidden', 'conflict', 'rate_limited'],
  },
  'DELETE /api/orgs/:org/invitations/:id': {
    tag: 'Invitations',
    summary: 'Cancel an invitation',
    status: 204,
    errors: ['forbidden', 'conflict'],
  },
  'PUT /api/orgs/:org/invitations/:id/workspaces': {
    tag: 'Invitations',
    summary: "Replace an invitation's workspaces",
    body: setInvitationWorkspacesRequestSchema,
    returns: 'InvitationDto',
    errors: ['forbidden', 'conflict'],
  },

  'GET /api/invite/:token': {
    tag: 'Accepting an invitation',
    summary: 'What an invitation offers (changes nothing)',
    access: 'optional',
    returns: 'InviteInfo',
    errors: ['invitation_expired', 'invitation_canceled', 'invitation_accepted'],
  },
  'POST /api/invite/:token/code': {
    tag: 'Accepting an invitation',
    summary: "Send a code to the invitation's address",
    access: 'public',
    status: 202,
    returns: 'InviteCodeResponse',
    errors: [
      'conflict',
      'invitation_expired',
      'invitation_canceled',
      'invitation_accepted',
      'rate_limited',
    ],
  },
  'POST /api/invite/:token/verify': {
    tag: 'Accepting an invitation',
    summary: 'Check a code without using it up',
    access: 'public',
    body: verifyInvitationCodeRequestSchema,
    returns: 'InviteVerifyResponse',
    errors: [
      'invalid_credentials',
      'invitation_expired',
      'invitation_canceled',
      'invitation_accepted',
      'rate_limited',
    ],
  },
  'POST /api/invite/:token/accept': {
    tag: 'Accepting an invitation',
    summary: 'Accept an invitation (answers a session)',
    access: 'optional',
    body: acceptInvitationRequestSchema,
    returns: 'AcceptInvitationResponse',
    errors: [
      'forbidden',
      'invalid_credentials',
      'verification_required',
      'invitation_expired',
      'invitation_canceled',
      'invitation_accepted',
      'rate_limited',
    ],
  },

  'POST /api/orgs/:org/links': {
    tag: 'Links',
    summary: 'Create a general invitation link',
    body: createLinkRequestSchema,
    status: 201,
    returns: 'LinkDto',
    errors: ['forbidden'],
  },
  'GET /api/orgs/:org/links': {
    tag: 'Links',
    summary: 'List links',
    query: listLinksQuerySchema,
    returns: 'Page<LinkDto>',
  },
  'POST /api/orgs/:org/links/reset': {
    tag: 'Links',
    summary: 'Revoke every link the caller created',
    returns: '`{ "revoked": number }`',
  },
  'GET /api/orgs/:org/links/:id': {
    tag: 'Links',
    summary: 'A link with its applications and who joined through it',
    returns: 'LinkDetailDto',
    errors: ['forbidden'],
  },
  'GET /api/orgs/:org/links/:id/qr.svg': {
    tag: 'Links',
    summary: "A link's QR code",
    returns: 'An SVG image',
    media: 'image/svg+xml',
    errors: ['forbidden'],
  },
  'DELETE /api/orgs/:org/links/:id': {
    tag: 'Links',
    summary: 'Revoke a link (optionally removing who joined through it)',
    body: revokeLinkRequestSchema,
    returns: 'RevokeLinkResponse',
    errors: ['forbidden'],
  },

  'GET /api/orgs/:org/applications': {
    tag: 'Applications',
    summary: 'List applications',
    query: listApplicationsQuerySchema,
    returns: 'Page<ApplicationDto>',
  },
  'POST /api/orgs/:org/applications/:id/approve': {
    tag: 'Applications',
    summary: 'Approve an application',
    returns: 'ApproveResponse',
    errors: ['forbidden', 'already_reviewed', 'already_member', 'rate_limited'],
  },
  'POST /api/orgs/:org/applications/:id/reject': {
    tag: 'Applications',
    summary: 'Reject an application',
    body: rejectApplicationRequestSchema,
    returns: 'ApplicationDto',
    errors: ['forbidden', 'already_reviewed'],
  },

  'GET /api/orgs/:org/renewals': {
    tag: 'Renewals',
    summary:
      'List renewals (all for owners and admins; your own invitations’ and links’ otherwise)',
    query: listRenewalsQuerySchema,
    returns: 'Page<RenewalDto>',
  },
  'POST /api/orgs/:org/renewals/:id/invite': {
    tag: 'Renewals',
    summary: 'Renew with a new personal invitation to its address',
    returns: 'RenewalInviteResponse',
    errors: ['forbidden', 'already_member', 'already_invited', 'already_reviewed', 'rate_limited'],
  },
  'POST /api/orgs/:org/renewals/:id/link': {
    tag: 'Renewals',
    summary: 'Renew with a fresh single-use general link, e-mailed to its address',
    description:
      'The link is made by the caller within the organization’s link rules, like the one that was spent (role, department, approval).',
    returns: 'RenewalLinkResponse',
    errors: ['forbidden', 'already_member', 'already_reviewed', 'rate_limited'],
  },
  'POST /api/orgs/:org/renewals/:id/dismiss': {
    tag: 'Renewals',
    summary: 'Dismiss a renewal',
    returns: 'RenewalDto',
    errors: ['already_reviewed'],
  },

  'GET /api/join/:token': {
    tag: 'Joining',
    summary: 'What a general link offers (changes nothing)',
    access: 'public',
    returns: 'JoinInfo',
    errors: ['link_expired', 'link_revoked', 'link_exhausted', 'rate_limited'],
  },
  'POST /api/join/:token': {
    tag: 'Joining',
    summary: 'Apply to join through a general link',
    access: 'public',
    body: applyRequestSchema,
    status: 201,
    returns: 'ApplyResponse',
    errors: ['already_applied', 'link_expired', 'link_revoked', 'link_exhausted', 'rate_limited'],
  },

  'GET /api/orgs/:org/audit': {
    tag: 'Audit',
    summary: 'The audit log, newest first',
    query: pageQuerySchema,
    returns: 'Page<AuditEventDto>',
    errors: ['forbidden'],
  },

  'GET /api/orgs/:org/api-keys': {
    tag: 'API keys',
    summary: "The organization's API keys, newest first (never their secrets)",
    query: listApiKeysQuerySchema,
    returns: 'Page<ApiKeyDto>',
    errors: ['forbidden'],
  },
  'POST /api/orgs/:org/api-keys': {
    tag: 'API keys',
    summary: 'Create an API key (its secret is in this answer only)',
    description:
      "The key (`inv_key_<id>.<secret>`) works as `Authorization: Bearer <key>` on this organization's routes only, in its role (`admin` or `member`, never above the creator's), while its creator is an owner or admin here, until it expires or is revoked; 600 requests a minute. Keys cannot manage keys.",
    body: createApiKeyRequestSchema,
    status: 201,
    returns: 'CreatedApiKeyDto',
    errors: ['forbidden'],
  },
  'DELETE /api/orgs/:org/api-keys/:id': {
    tag: 'API keys',
    summary: 'Revoke an API key (refused from the next request on)',
    status: 204,
    errors: ['forbidden', 'not_found'],
  },

  'GET /api/orgs/:org/search': {
    tag: 'Search',
    summary: 'Find applications, invitations and members',
    query: searchQuerySchema,
    returns: 'SearchResponse',
  },

  'POST /api/orgs/:org/webhooks': {
    tag: 'Webhooks',
    summary: 'Register a webhook endpoint',
    description:
      'Answers the signing secret (`whsec_…`) this once. Outside local mode only https URLs to public hosts are accepted; at most 10 endpoints per organization.',
    body: createWebhookRequestSchema,
    status: 201,
    returns: 'WebhookWithSecretDto',
    errors: ['forbidden', 'conflict'],
  },
  'GET /api/orgs/:org/webhooks': {
    tag: 'Webhooks',
    summary: "List the organization's webhook endpoints (no secrets)",
    returns: 'WebhookListDto',
    errors: ['forbidden'],
  },
  'GET /api/orgs/:org/webhooks/:id': {
    tag: 'Webhooks',
    summary: 'A webhook endpoint with its latest delivery attempts',
    returns: 'WebhookDetailDto',
    errors: ['forbidden'],
  },
  'GET /api/orgs/:org/webhooks/:id/deliveries': {
    tag: 'Webhooks',
    summary: "An endpoint's delivery log, newest first (the last 100 attempts, 14 days)",
    returns: 'WebhookDeliveriesDto',
    errors: ['forbidden'],
  },
  'PATCH /api/orgs/:org/webhooks/:id': {
    tag: 'Webhooks',
    summary: "Change an endpoint's URL, events, description, or turn it on or off",
    body: updateWebhookRequestSchema,
    returns: 'WebhookEndpointDto',
    errors: ['forbidden'],
  },
  'DELETE /api/orgs/:org/webhooks/:id': {
    tag: 'Webhooks',
    summary: 'Delete a webhook endpoint',
    status: 204,
    errors: ['forbidden'],
  },
  'POST /api/orgs/:org/webhooks/:id/rotate-secret': {
    tag: 'Webhooks',
    summary: 'Replace the signing secret (the new one is answered this once)',
    returns: 'WebhookWithSecretDto',
    errors: ['forbidden'],
  },
  'POST /api/orgs/:org/webhooks/:id/test': {
    tag: 'Webhooks',
    summary: 'Send a `webhook.test` event now and answer how the attempt went',
    returns: 'WebhookTestDto',
    errors: ['forbidden'],
  },
};
