/**
 * The rest of what an owner does, for the round-trip table (test/helpers/round-trip-calls.ts): the
 * organization's settings and structure, personal invitations' changes, the people (add, see,
 * edit, bulk-send, import, export, remove), links' "reset all", the account's password, and the
 * hosted sign-in form.
 */
import { mailTo, need, ROUND_TRIP_PASSWORD, tokenIn, type Run } from './round-trip-calls';
import { TINY_GIF } from './robustness-routes';
import { RIG_OWNER, type RoundTripRig } from './round-trips';

const idOf = (body: unknown) => (body as { id: string }).id;

export async function runAdminCalls(rig: RoundTripRig, run: Run, token: string): Promise<void> {
  const as = { token };
  const beta = await run('create organization', 'write', 'POST /api/orgs', {
    ...as,
    json: { name: 'Beta' },
  });
  await confirmJoining(rig, run, token, idOf(beta.body));
  await run('change settings', 'write', 'PATCH /api/orgs/:org/settings', {
    ...as,
    json: { inviteTtlHours: 96 },
  });
  await run('upload logo', 'write', 'PUT /api/orgs/:org/logo', {
    ...as,
    raw: { type: 'image/gif', body: TINY_GIF },
  });
  await run('remove logo', 'write', 'DELETE /api/orgs/:org/logo', as);

  // A webhook endpoint subscribed to what the calls below change: each change's event rides in
  // its own batch, with no round trip of its own.
  const hook = await run('register webhook', 'write', 'POST /api/orgs/:org/webhooks', {
    ...as,
    json: {
      url: 'https://hooks.example.com/invitations',
      events: ['invitation.created', 'invitation.canceled', 'member.removed', 'link.revoked'],
    },
  });
  const hookAt = { ...as, params: { id: idOf(hook.body) } };
  await run('webhooks', 'read', 'GET /api/orgs/:org/webhooks', as);
  await run('one webhook', 'read', 'GET /api/orgs/:org/webhooks/:id', hookAt);
  await run('webhook deliveries', 'read', 'GET /api/orgs/:org/webhooks/:id/deliveries', hookAt);
  await run('change webhook', 'write', 'PATCH /api/orgs/:org/webhooks/:id', {
    ...hookAt,
    json: { description: 'Our directory' },
  });
  await run(
    'rotate webhook secret',
    'write',
    'POST /api/orgs/:org/webhooks/:id/rotate-secret',
    hookAt,
  );

  const department = await run('create department', 'write', 'POST /api/orgs/:org/departments', {
    ...as,
    json: { name: 'Sales' },
  });
  const departmentAt = { ...as, params: { id: idOf(department.body) } };
  await run('rename department', 'write', 'PATCH /api/orgs/:org/departments/:id', {
    ...departmentAt,
    json: { name: 'Sales and support' },
  });
  const workspace = await run('create workspace', 'write', 'POST /api/orgs/:org/workspaces', {
    ...as,
    json: { name: 'Design' },
  });
  const workspaceId = idOf(workspace.body);
  await run('rename workspace', 'write', 'PATCH /api/orgs/:org/workspaces/:id', {
    ...as,
    params: { id: workspaceId },
    json: { name: 'Design team' },
  });

  const invited = await run('invite with a workspace', 'write', 'POST /api/orgs/:org/invitations', {
    ...as,
    json: {
      email: 'grant@example.com',
      role: 'member',
      departmentId: idOf(department.body),
      workspaces: [{ workspaceId, role: 'member' }],
    },
  });
  const invitationAt = {
    ...as,
    params: { id: (invited.body as { invitation: { id: string } }).invitation.id },
  };
  await run(
    'change invitation workspaces',
    'write',
    'PUT /api/orgs/:org/invitations/:id/workspaces',
    {
      ...invitationAt,
      json: { workspaces: [{ workspaceId, role: 'manager' }] },
    },
  );
  await run('cancel invitation', 'write', 'DELETE /api/orgs/:org/invitations/:id', invitationAt);

  const added = await run('add member', 'write', 'POST /api/orgs/:org/members', {
    ...as,
    json: { firstName: 'Mia', lastName: 'Member', email: 'mia@example.com' },
  });
  const memberAt = { ...as, params: { userId: (added.body as { userId: string }).userId } };
  await run('one member', 'read', 'GET /api/orgs/:org/members/:userId', memberAt);
  await run('edit member', 'write', 'PATCH /api/orgs/:org/members/:userId', {
    ...memberAt,
    json: { position: 'Designer' },
  });
  await run('bulk send invitations', 'write', 'POST /api/orgs/:org/members/invite', {
    ...as,
    json: { userIds: [memberAt.params.userId], channel: 'email' },
  });
  await run('import people (CSV)', 'write', 'POST /api/orgs/:org/members/import', {
    ...as,
    raw: { type: 'text/csv', body: 'firstName,lastName,email\nIda,Imported,ida@example.com\n' },
  });
  await run('export people (CSV)', 'read', 'GET /api/orgs/:org/members/export', as);
  await run('remove member', 'write', 'DELETE /api/orgs/:org/members/:userId', memberAt);
  await run('delete department', 'write', 'DELETE /api/orgs/:org/departments/:id', departmentAt);
  await acceptThroughTheApi(rig, run, token);
  await run('delete workspace', 'write', 'DELETE /api/orgs/:org/workspaces/:id', {
    ...as,
    params: { id: workspaceId },
  });
  await run('reset my links', 'write', 'POST /api/orgs/:org/links/reset', as);

  await run('sign in on the login page', 'write', 'POST /login', {
    form: { email: RIG_OWNER.email, password: RIG_OWNER.password },
  });
  await run('ask for a password reset', 'write', 'POST /api/auth/password-reset', {
    json: { email: 'nobody@example.com' },
  });
  await resetForgottenPassword(rig, run);
  await run('change password', 'write', 'POST /api/account/password', {
    ...as,
    json: { currentPassword: RIG_OWNER.password, newPassword: 'another long password 2' },
  });
}

/**
 * Someone who has an account with a password joins another organization (Beta) through its link:
 * approved, they confirm on the page the mail links to, with their password.
 */
async function confirmJoining(rig: RoundTripRig, run: Run, token: string, betaId: string) {
  const at = { token, params: { org: betaId } };
  const link = await run(
    'create link in another organization',
    'write',
    'POST /api/orgs/:org/links',
    {
      ...at,
      json: { expiresInHours: 24 },
    },
  );
  const joinAt = { params: { token: tokenIn((link.body as { url: string }).url, 'join') } };
  await run('apply with an account that has a password', 'write', 'POST /api/join/:token', {
    ...joinAt,
    json: { name: 'Ada Applicant', email: 'ada@example.com' },
  });
  const apps = await run(
    'list applications of another organization',
    'read',
    'GET /api/orgs/:org/applications',
    at,
  );
  const [app] = (apps.body as { items: Array<{ id: string }> }).items;
  await run(
    'approve an account that has a password',
    'write',
    'POST /api/orgs/:org/applications/:id/approve',
    {
      ...at,
      params: { ...at.params, id: need(app, 'application').id },
    },
  );
  const confirmAt = { params: { token: tokenIn(mailTo(rig, 'ada@example.com'), 'confirm') } };
  await run('confirm page', 'read', 'GET /confirm/:token', confirmAt);
  await run('confirm joining with the password', 'write', 'POST /confirm/:token', {
    ...confirmAt,
    form: { password: ROUND_TRIP_PASSWORD },
  });
}

/** An invitee accepts an e-mailed invitation through the API (the extension's way), signing in. */
async function acceptThroughTheApi(rig: RoundTripRig, run: Run, token: string) {
  await run('invite to accept through the API', 'write', 'POST /api/orgs/:org/invitations', {
    token,
    json: { email: 'api-invitee@example.com', role: 'member' },
  });
  const at = { params: { token: tokenIn(mailTo(rig, 'api-invitee@example.com'), 'invite') } };
  await run('accept through the API', 'write', 'POST /api/invite/:token/accept', {
    ...at,
    json: { name: 'Api Invitee', password: ROUND_TRIP_PASSWORD },
  });
}

/** "Forgot your password?" on the hosted pages, from the form to the new password. */
async function resetForgottenPassword(rig: RoundTripRig, run: Run) {
  await run('forgot-password form', 'write', 'POST /reset-password', {
    form: { email: 'ada@example.com' },
  });
  const at = { params: { token: tokenIn(mailTo(rig, 'ada@example.com'), 'reset-password') } };
  await run('reset-password page', 'read', 'GET /reset-password/:token', at);
  await run('choose a new password', 'write', 'POST /reset-password/:token', {
    ...at,
    form: { newPassword: 'a newer long password 3', confirmPassword: 'a newer long password 3' },
  });
}

/** The hosted change-password page ends every session of the account: the scenario's last call. */
export async function changePasswordOnThePage(run: Run): Promise<void> {
  await run('change password on the page', 'write', 'POST /account/password', {
    form: {
      email: RIG_OWNER.email,
      currentPassword: 'another long password 2',
      newPassword: 'another long password 4',
      confirmPassword: 'another long password 4',
    },
  });
}
