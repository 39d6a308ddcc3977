import { describe, expect, it } from 'vitest';
import type { AppState } from '../../../extension/lib/app-state';
import { chunkCsv } from '../../../extension/lib/csv';
import { createImportState } from '../../../extension/lib/dashboard/import';
import { createNamedItems } from '../../../extension/lib/dashboard/named-items';
import { createUsersState } from '../../../extension/lib/dashboard/users';
import { validate, withoutBlanks } from '../../../extension/lib/dashboard/validate';
import { addMemberRequestSchema } from '../../../shared/api/members';
import { splitRecords } from '../../../shared/csv';
import { apiError, json } from './fake-api';
import { useSignedInApp } from './signed-in';
import { member } from './fixtures';

const ctx = useSignedInApp();

const admin = (): Promise<AppState> => ctx.signedIn();

describe('CSV parts', () => {
  it('splits records on line breaks outside quotes and drops blank lines', () => {
    const text =
      '\uFEFFfirstName,lastName,email\r\n"Ann","Lee, Jr.",ann@example.com\n\n"Bo","multi\nline",bo@example.com\n';
    expect(splitRecords(text)).toEqual([
      'firstName,lastName,email',
      '"Ann","Lee, Jr.",ann@example.com',
      '"Bo","multi\nline",bo@example.com',
    ]);
  });

  it('repeats the header in every part and counts rows before each part', () => {
    const rows = Array.from({ length: 5 }, (_, i) => `u${i}@example.com`);
    const { total, chunks } = chunkCsv(['email', ...rows].join('\n'), 2);
    expect(total).toBe(5);
    expect(chunks.map((c) => [c.offset, c.rows])).toEqual([
      [0, 2],
      [2, 2],
      [4, 1],
    ]);
    expect(chunks[1]!.csv).toBe('email\nu2@example.com\nu3@example.com\n');
  });
});

describe('CSV import', () => {
  it('sends the file in parts, advances the progress, and numbers row errors as in the file', async () => {
    const state = createImportState(await admin(), 2);
    const seen: number[] = [];
    ctx.api.on('POST /api/orgs/org-1/members/import', (r) => {
      seen.push(state.done.value);
      const bad = String(r.body).includes('bad')
        ? [{ row: 3, code: 'invalid_email', message: 'email must be a valid e-mail address' }]
        : [];
      return json({ created: 2 - bad.length, skipped: 0, errors: bad });
    });
    await state.run('email\na@example.com\nb@example.com\nc@example.com\nbad\n', true);
    expect(seen).toEqual([0, 2]);
    expect(state.progress.value).toBe(1);
    expect(state.report.value).toEqual({
      created: 3,
      skipped: 0,
      invited: 0,
      ignoredColumns: [],
      // The part's row 3 (header = 1) is the file's row 5.
      errors: [{ row: 5, code: 'invalid_email', message: 'email must be a valid e-mail address' }],
    });
    expect(ctx.api.last('POST /api/orgs/org-1/members/import')!.query.get('sendInvitation')).toBe(
      'true',
    );
  });

  it('stops and says why when a part fails', async () => {
    const state = createImportState(await admin(), 1);
    ctx.api.on(
      'POST /api/orgs/org-1/members/import',
      apiError(413, 'payload_too_large', 'too big'),
    );
    await state.run('email\na@example.com\nb@example.com\n', false);
    expect(state.done.value).toBe(0);
    expect(state.error.value).toMatchObject({ code: 'payload_too_large' });
    expect(state.running.value).toBe(false);
  });

  it('refuses a file without rows', async () => {
    const state = createImportState(await admin());
    await state.run('email\n', false);
    expect(state.error.value).toBeInstanceOf(Error);
    expect(ctx.api.requests.some((r) => r.path.endsWith('/import'))).toBe(false);
  });
});

describe('users table', () => {
  it('filters, selects and invites, keeping each user’s error beside their row', async () => {
    const users = createUsersState(await admin(), 0);
    ctx.api.on('GET /api/orgs/org-1/members', {
      items: [member('u1'), member('u2')],
      nextCursor: 'next',
    });
    ctx.api.on('POST /api/orgs/org-1/members/invite', {
      queued: 1,
      errors: [
        {
          userId: 'u2',
          code: 'invalid_input',
          message: 'u2 has no phone number with a country code',
        },
      ],
    });
    users.setFilters({ status: 'pending', invitation: 'not_invited' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(Object.fromEntries(ctx.api.last('GET /api/orgs/org-1/members')!.query)).toMatchObject({
      status: 'pending',
      invitation: 'not_invited',
    });
    users.toggleAll(true);
    expect(users.allSelected.value).toBe(true);
    await users.invite('sms');
    expect(ctx.api.last('POST /api/orgs/org-1/members/invite')!.body).toEqual({
      userIds: ['u1', 'u2'],
      channel: 'sms',
    });
    expect(users.rowErrors.value.get('u2')).toBe('u2 has no phone number with a country code');
    expect(users.items.value.map((m) => [m.userId, m.invitationState])).toEqual([
      ['u1', 'queued'],
      ['u2', 'error'],
    ]);
    expect(users.selected.value.size).toBe(0);
    expect(users.inviteResult.value?.queued).toBe(1);
  });

  it('filters by registration and last activity dates, leaving empty ones out', async () => {
    const users = createUsersState(await admin(), 0);
    ctx.api.on('GET /api/orgs/org-1/members', { items: [], nextCursor: null });
    users.setFilters({ registeredFrom: '2030-01-01', activeTo: '2030-02-01' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(Object.fromEntries(ctx.api.last('GET /api/orgs/org-1/members')!.query)).toEqual({
      registeredFrom: '2030-01-01',
      activeTo: '2030-02-01',
      limit: '50',
    });
  });

  it('loads the next page after the shown ones', async () => {
    const users = createUsersState(await admin(), 0);
    ctx.api.on('GET /api/orgs/org-1/members', (r) =>
      json(
        r.query.get('cursor')
          ? { items: [member('u3')], nextCursor: null }
          : { items: [member('u1')], nextCursor: 'c2' },
      ),
    );
    await users.load();
    await users.load(true);
    expect(users.items.value.map((m) => m.userId)).toEqual(['u1', 'u3']);
    expect(users.nextCursor.value).toBeNull();
  });
});

describe('departments and workspaces', () => {
  it('adds, renames and deletes, showing the server’s refusal', async () => {
    const items = createNamedItems({
      list: async () => ({ items: [{ id: 'd1', name: 'Sales' }] }),
      create: async (name) => ({ id: 'd2', name }),
      rename: async (id, name) => ({ id, name }),
      remove: async () => {
        throw new Error('refused');
      },
    });
    await items.load();
    await items.create(' Support ');
    await items.rename('d1', 'Field sales');
    expect(items.items.value).toEqual([
      { id: 'd1', name: 'Field sales' },
      { id: 'd2', name: 'Support' },
    ]);
    expect(await items.remove('d2')).toBe(false);
    expect(items.items.value).toHaveLength(2);
  });
});

describe('add-user form validation', () => {
  it('uses the server’s schema: a name and an e-mail or phone are required', () => {
    expect(
      validate(
        addMemberRequestSchema,
        withoutBlanks({ firstName: 'Ann', lastName: '', email: '' }),
      ),
    ).toEqual({
      errors: { lastName: 'is required' },
    });
    expect(validate(addMemberRequestSchema, { firstName: 'Ann', lastName: 'Lee' })).toEqual({
      errors: { email: 'give an e-mail address or a phone number' },
    });
    expect(
      validate(addMemberRequestSchema, { firstName: 'Ann', lastName: 'Lee', email: 'nope' }),
    ).toEqual({
      errors: { email: 'must be a valid e-mail address' },
    });
    expect(
      validate(addMemberRequestSchema, {
        firstName: 'Ann',
        lastName: 'Lee',
        phone: '+79051111111',
      }),
    ).toEqual({
      data: { firstName: 'Ann', lastName: 'Lee', phone: '+79051111111', role: 'member' },
    });
  });
});
