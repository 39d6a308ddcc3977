/**
 * The people of an organization (owners and admins): list with search and filters, add, edit,
 * delete, bulk "send invitation", CSV import and export. The import has its own body limit (10
 * MiB); the app's JSON limit skips its path.
 */
import { bodyLimit } from 'hono/body-limit';
import * as z from 'zod/mini';
import { idSchema } from '../../../../shared/api/common';
import {
  addMemberRequestSchema,
  bulkInviteRequestSchema,
  importQuerySchema,
  listMembersQuerySchema,
  MAX_IMPORT_BYTES,
  patchMemberRequestSchema,
} from '../../../../shared/api/members';
import { createMiddleware } from 'hono/factory';
import type { AppContext, AppEnv } from '../../env';
import { AppError } from '../../errors';
import { json, params, query } from '../../http/middleware/validate';
import { requireBearer, requireMember } from '../../http/middleware/auth';
import { readAllAsMember, readAsMember } from '../../http/read-as-member';
import { actorOf, checkedRouter } from '../../http/router';
import { jsonStream } from '../../lib/json-stream';
import { can, ensure } from '../organizations/permissions';
import { addMember, additionChecks } from './add-member';
import { updateMember } from './edit-member';
import { exportMembers } from './export';
import { importMembers, type ImportReads, importReadStatements } from './import';
import { readImportFile } from './import-rows';
import { bulkInvite, targetStatements, type TargetRows } from './bulk-invite';
import { listMembers, membersStatement } from './list';
import { findMember, memberStatement, toMemberDto } from './members';
import { deleteMember } from './remove-member';

const userParam = params(z.object({ org: z.string(), userId: idSchema }));
/** As large as a JSON body may be (app.ts MAX_JSON_BODY): read before the caller is admitted. */
const EARLY_READ_BYTES = 256 * 1024;
/** Whether the upload says it is small enough to read before its caller is known. */
const smallUpload = (c: AppContext) =>
  Number(c.req.header('content-length') ?? Number.POSITIVE_INFINITY) <= EARLY_READ_BYTES;

/**
 * A larger upload (or one that does not say its size) is read only for an admitted member: the
 * caller is looked up first, on their own.
 */
const admitUnlessSmall = createMiddleware<AppEnv>((c, next) =>
  smallUpload(c) ? next() : requireMember(c, next),
);

/** A refusal kept until the caller is known (refusals of who they are come first). */
const asFailure = (failure: unknown) => ({ failure });
const importQuery = query(importQuerySchema);
const CSV_TYPES = /^(text\/csv|application\/csv|text\/plain|application\/vnd\.ms-excel)\s*(;|$)/i;

const importLimit = bodyLimit({
  maxSize: MAX_IMPORT_BYTES,
  onError: () => {
    throw new AppError(
      'payload_too_large',
      `The CSV file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MiB; split it into smaller files`,
    );
  },
});

/**
 * The person a route is about, read with the caller's lookup (http/read-as-member.ts) for those who
 * may see the organization's people; `admin` refuses the others after it.
 */
const memberAsAdmin = async (c: AppContext, userId: string) =>
  (await readAsMember(c, (caller) =>
    can.seeMembers(caller) ? memberStatement(c.var.services.db, caller.orgId, userId) : null,
  )) ?? [];

/** Admins only (docs/DESIGN.md §2: add, import, bulk-invite, delete users). */
function admin(c: AppContext) {
  const actor = actorOf(c);
  ensure(can.seeMembers(actor), 'Only owners and admins manage the people of the organization');
  return actor;
}

export const memberRoutes = checkedRouter()
  .get('/', requireBearer, query(listMembersQuerySchema), async (c) => {
    const s = c.var.services;
    const query = c.req.valid('query');
    const rows = await readAsMember(c, (caller) =>
      can.seeMembers(caller) ? membersStatement(s.db, caller.orgId, query) : null,
    );
    admin(c);
    return c.json(await listMembers(s, { orgId: c.var.org.id, query }, rows));
  })
  .post('/', requireBearer, json(addMemberRequestSchema), async (c) => {
    const s = c.var.services;
    const member = c.req.valid('json');
    const read = await readAllAsMember(c, (caller) =>
      can.seeMembers(caller) ? additionChecks(s.db, caller.orgId, member) : null,
    );
    const row = await addMember(s, { org: c.var.org, actor: admin(c), member }, read ?? undefined);
    return c.json(toMemberDto(row), 201);
  })
  .get('/export', requireMember, async (c) => {
    admin(c);
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', 'attachment; filename="members.csv"');
    return c.body(exportMembers(c.var.services, { orgId: c.var.org.id }));
  })
  .post('/invite', requireBearer, json(bulkInviteRequestSchema), async (c) => {
    const s = c.var.services;
    const request = c.req.valid('json');
    const ids = [...new Set(request.userIds)];
    const read = await readAllAsMember(c, (caller) => {
      const [first, ...rest] = can.seeMembers(caller)
        ? targetStatements(s.db, caller.orgId, ids)
        : [];
      return first ? [first, ...rest] : null;
    });
    const actor = admin(c);
    const result = await bulkInvite(
      s,
      { org: c.var.org, actor, request },
      (read ?? undefined) as TargetRows | undefined,
    );
    s.deliverSoon(c);
    return c.json(result, 202);
  })
  .post('/import', requireBearer, admitUnlessSmall, importLimit, importQuery, async (c) => {
    const s = c.var.services;
    const csv = CSV_TYPES.test(c.req.header('content-type') ?? '');
    // A file of one JSON body's size is read before the caller is known (as a JSON body is), so its
    // first part's reads travel with the caller's lookup: two round trips in all. A larger one was
    // let in by `admitUnlessSmall`, and is read now.
    const small =
      Number(c.req.header('content-length') ?? Number.POSITIVE_INFINITY) <= EARLY_READ_BYTES;
    const early = csv && small ? await readImportFile(await c.req.text()).catch(asFailure) : null;
    const read = await readAllAsMember(c, (caller) =>
      can.seeMembers(caller)
        ? importReadStatements(s.db, caller.orgId, early && !('failure' in early) ? early : null)
        : null,
    );
    const actor = admin(c);
    if (!csv) throw new AppError('unsupported_media_type', 'Send the file as text/csv');
    if (early && 'failure' in early) throw early.failure;
    const result = await importMembers(
      s,
      {
        org: c.var.org,
        actor,
        file: early ?? (await readImportFile(await c.req.text())),
        sendInvitation: c.req.valid('query').sendInvitation === 'true',
      },
      read as ImportReads,
    );
    if (result.invited) c.var.services.deliverSoon(c);
    // Streamed: a hostile file's answer may list millions of rows, too many to stringify in one go.
    c.header('Content-Type', 'application/json');
    return c.body(jsonStream(result));
  })
  .get('/:userId', requireBearer, userParam, async (c) => {
    const { userId } = c.req.valid('param');
    const found = await memberAsAdmin(c, userId);
    admin(c);
    return c.json(toMemberDto(await findMember(c.var.services.db, c.var.org.id, userId, found)));
  })
  .patch('/:userId', requireBearer, userParam, json(patchMemberRequestSchema), async (c) => {
    const { userId } = c.req.valid('param');
    const found = await memberAsAdmin(c, userId);
    const patch = c.req.valid('json');
    const row = await updateMember(
      c.var.services,
      { org: c.var.org, actor: admin(c), userId, patch },
      found,
    );
    return c.json(toMemberDto(row));
  })
  .delete('/:userId', requireBearer, userParam, async (c) => {
    const { userId } = c.req.valid('param');
    const found = await memberAsAdmin(c, userId);
    await deleteMember(c.var.services, { org: c.var.org, actor: admin(c), userId }, found);
    return c.body(null, 204);
  });
