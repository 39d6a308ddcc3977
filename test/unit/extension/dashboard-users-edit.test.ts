import { describe, expect, it } from 'vitest';
import type { AppState } from '../../../extension/lib/app-state';
import { describeError } from '../../../extension/lib/errors';
import { exportFileName, createUsersExport } from '../../../extension/lib/dashboard/export';
import {
  canManage,
  changesOf,
  createMemberEdit,
  formOf,
  roleChoices,
} from '../../../extension/lib/dashboard/member-edit';
import { createUsersState } from '../../../extension/lib/dashboard/users';
import type { Role } from '../../../shared/api';
import { apiError, json } from './fake-api';
import { useSignedInApp } from './signed-in';
import { member } from './fixtures';

const ctx = useSignedInApp();

const signedIn = (role: Role = 'admin'): Promise<AppState> =>
  ctx.signedIn({ memberships: [{ orgId: 'org-1', orgName: 'Acme Corp', role }] });

describe('edit a member', () => {
  const ann = member('u1', {
    firstName: 'Ann',
    lastName: 'Lee',
    phone: '+79051111111',
    position: 'Clerk',
    departmentId: 'd1',
  });

  it('sends only what changed, a cleared optional field as null', () => {
    const before = formOf(ann);
    expect(
      changesOf(before, {
        ...before,
        departmentId: 'd2',
        role: 'admin',
        position: '  ',
        firstName: ' Ann ',
      }),
    ).toEqual({
      departmentId: 'd2',
      role: 'admin',
      position: null,
    });
    expect(changesOf(before, before)).toEqual({});
  });

  it('offers the owner role to owners only, and lets admins manage everyone but owners', () => {
    expect(roleChoices('owner')).toEqual(['owner', 'admin', 'member']);
    expect(roleChoices('admin')).toEqual(['admin', 'member']);
    expect(canManage('admin', { role: 'admin' })).toBe(true);
    expect(canManage('admin', { role: 'owner' })).toBe(false);
    expect(canManage('owner', { role: 'owner' })).toBe(true);
    expect(canManage('member', { role: 'member' })).toBe(false);
  });

  it('PATCHes department and role, answering the member as saved', async () => {
    const edit = createMemberEdit(await signedIn(), ann);
    ctx.api.on('PATCH /api/orgs/org-1/members/u1', (r) => json({ ...ann, ...(r.body as object) }));
    edit.set({ departmentId: 'd2', role: 'admin' });
    const saved = await edit.save();
    expect(ctx.api.last('PATCH /api/orgs/org-1/members/u1')!.body).toEqual({
      departmentId: 'd2',
      role: 'admin',
    });
    expect(saved).toMatchObject({ userId: 'u1', departmentId: 'd2', role: 'admin' });
    expect(edit.error.value).toBeNull();
  });

  it('closes without a request when nothing changed', async () => {
    const edit = createMemberEdit(await signedIn(), ann);
    expect(await edit.save()).toBe(ann);
    expect(ctx.api.requests.filter((r) => r.method === 'PATCH')).toHaveLength(0);
  });

  it('names bad fields before sending, with the server’s schema', async () => {
    const edit = createMemberEdit(await signedIn(), ann);
    edit.set({ firstName: '', birthday: '30.04.1990', phone: 'call me' });
    expect(await edit.save()).toBeNull();
    expect(Object.keys(edit.errors.value).sort()).toEqual(['birthday', 'firstName', 'phone']);
    expect(edit.errors.value.firstName).toBe('is required');
    expect(ctx.api.requests.filter((r) => r.method === 'PATCH')).toHaveLength(0);
  });

  it('shows the server’s errors beside their fields', async () => {
    const edit = createMemberEdit(
      await signedIn(),
      member('u2', { phone: '+79051111111', registeredAt: '2030-01-01T00:00:00Z' }),
    );
    ctx.api.on(
      'PATCH /api/orgs/org-1/members/u2',
      apiError(
        422,
        'invalid_input',
        'This person has an account; they change their phone number themselves',
        { phone: 'belongs to the person’s own account' },
      ),
    );
    edit.set({ phone: '+79052222222' });
    expect(await edit.save()).toBeNull();
    expect(edit.errors.value).toEqual({ phone: 'belongs to the person’s own account' });
    expect(edit.saving.value).toBe(false);
  });

  it('an admin making someone an owner is refused (403) with a readable sentence', async () => {
    const edit = createMemberEdit(await signedIn('admin'), ann);
    ctx.api.on(
      'PATCH /api/orgs/org-1/members/u1',
      apiError(403, 'forbidden', 'Only an owner can make someone an owner'),
    );
    edit.set({ role: 'owner' });
    expect(await edit.save()).toBeNull();
    expect(edit.errors.value).toEqual({});
    expect(describeError(edit.error.value)).toBe('Only an owner can make someone an owner');
  });

  it('puts the saved member in place in the users table', async () => {
    const users = createUsersState(await signedIn(), 0);
    ctx.api.on('GET /api/orgs/org-1/members', {
      items: [member('u1'), member('u2')],
      nextCursor: null,
    });
    await users.load();
    users.replace(member('u2', { role: 'admin' }));
    expect(users.items.value.map((m) => [m.userId, m.role])).toEqual([
      ['u1', 'member'],
      ['u2', 'admin'],
    ]);
  });
});

describe('export users as CSV', () => {
  const CSV = '\uFEFFfirstName,lastName,gender,birthday,email\r\nAnn,Lee,,,ann@example.com\r\n';

  it('names the file after the organization and the day', () => {
    expect(exportFileName('Acme Corp.', new Date('2030-01-31T23:00:00Z'))).toBe(
      'users-acme-corp-2030-01-31.csv',
    );
    expect(exportFileName('Ñandú', new Date('2030-01-31T00:00:00Z'))).toBe(
      'users-and-2030-01-31.csv',
    );
    expect(exportFileName(undefined, new Date('2030-01-31T00:00:00Z'))).toBe(
      'users-2030-01-31.csv',
    );
  });

  it('downloads the server’s file with the session token and saves it whole', async () => {
    const files: { file: Blob; name: string }[] = [];
    const exporter = createUsersExport(await signedIn(), {
      save: (file, name) => files.push({ file, name }),
      now: () => new Date('2030-01-31T10:00:00Z'),
    });
    ctx.api.on(
      'GET /api/orgs/org-1/members/export',
      new Response(CSV, { headers: { 'content-type': 'text/csv; charset=utf-8' } }),
    );
    await exporter.run();
    expect(ctx.api.last('GET /api/orgs/org-1/members/export')!.headers.authorization).toBe(
      'Bearer token-1',
    );
    expect(files).toHaveLength(1);
    expect(files[0]!.name).toBe('users-acme-corp-2030-01-31.csv');
    expect(files[0]!.file.type).toMatch(/^text\/csv/);
    // Byte for byte, the byte order mark that spreadsheets need included.
    expect(new Uint8Array(await files[0]!.file.arrayBuffer())).toEqual(
      new TextEncoder().encode(CSV),
    );
    expect(exporter.saved.value).toBe('users-acme-corp-2030-01-31.csv');
    expect(exporter.busy.value).toBe(false);
  });

  it('saves nothing and says why when the server refuses', async () => {
    const files: string[] = [];
    const exporter = createUsersExport(await signedIn(), {
      save: (_file, name) => files.push(name),
    });
    ctx.api.on(
      'GET /api/orgs/org-1/members/export',
      apiError(403, 'forbidden', 'Only owners and admins manage the people of the organization'),
    );
    await exporter.run();
    expect(files).toEqual([]);
    expect(describeError(exporter.error.value)).toBe(
      'Only owners and admins manage the people of the organization',
    );
    expect(exporter.saved.value).toBeNull();
  });

  it('signs the page out when the server no longer knows the session', async () => {
    const app = await signedIn();
    const exporter = createUsersExport(app, { save: () => undefined });
    ctx.api.on(
      'GET /api/orgs/org-1/members/export',
      apiError(401, 'unauthenticated', 'Your session has ended'),
    );
    await exporter.run();
    expect(app.phase.value).toBe('signedOut');
  });
});
