/**
 * CSV import of people (`POST /members/import`): every good row becomes a pending member, every bad
 * row is reported with its number and reason, and nobody is added twice — people already in the
 * organization, or repeated in the file, are skipped. With `sendInvitation`, the new people are
 * invited in the same batches (features/members/bulk-invite.ts). Rows are written 500 at a time with
 * multi-row statements; if a part meets a conflict (someone added the same person meanwhile: the
 * database refuses a second member with one e-mail, or with one phone among people without e-mail —
 * migration 0003_phone_only_member_unique), that part is retried row by row, and whoever is in the
 * organization by then is skipped.
 *
 * A file of up to 10 MiB may hold millions of records, and a local libSQL file answers without ever
 * leaving the microtask queue, so every stage gives the event loop back between parts
 * (lib/pause.ts): the parser between steps (features/members/csv.ts), the header and the rows every few
 * thousand as they are parsed (import-rows.ts readImportFile), the reads and writes between parts
 * of 500; the answer is streamed (lib/json-stream.ts, features/members/api.ts).
 */
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import type { BatchItem } from 'drizzle-orm/batch';
import type { ImportResponse } from '../../../../shared/api/members';
import { isUniqueViolation } from '../../db/client';
import { auditEvents, departments, memberships, users } from '../../db/schema';
import type { OrgState, Services } from '../../env';
import { newId } from '../../lib/ids';
import { pause } from '../../lib/pause';
import { auditActor, auditEvent } from '../organizations/audit';
import { type ImportPerson, placeImportFile, type ReadFile } from './import-rows';
import {
  checkTarget,
  contactErrorStatements,
  inviteStatements,
  type InviteTarget,
} from './bulk-invite';
import { can, type Actor } from '../organizations/permissions';
import { checkQuota, quotaGuard } from '../organizations/quota';
import { searchTextOf } from '../../db/search-index';
import { isGuardFailure } from '../../db/guarded';

type Ready = ImportPerson & { userId: string; existing: boolean; hasPassword: boolean };
const CHUNK = 500;

/** What the reads of one part found: the accounts of its addresses, and who is in the organization. */
type PartReads = [
  { id: string; email: string | null; passwordHash: string | null }[],
  { id: string }[],
  { phone: string | null }[],
];

/**
 * The reads of one part: the accounts of its e-mail addresses, those of them in the organization,
 * and the phone-only members with its phones. Statements, so they can travel with the caller's
 * lookup (features/members/api.ts).
 */
export function partReadStatements(db: Db, orgId: string, people: readonly ImportPerson[]) {
  const emails = [...new Set(people.flatMap((p) => (p.email ? [p.email] : [])))];
  const phones = [...new Set(people.flatMap((p) => (!p.email && p.phone ? [p.phone] : [])))];
  const named = emails.length ? inArray(users.email, emails) : sql`0`;
  return [
    db
      .select({ id: users.id, email: users.email, passwordHash: users.passwordHash })
      .from(users)
      .where(named),
    db
      .select({ id: memberships.userId })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.orgId, orgId), named)),
    db
      .select({ phone: memberships.phone })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(
        and(
          eq(memberships.orgId, orgId),
          isNull(users.email),
          phones.length ? inArray(memberships.phone, phones) : sql`0`,
        ),
      ),
  ] as const;
}

/** Skips people already in the organization; finds the accounts of the others. */
function resolvePart(part: readonly ImportPerson[], [accounts, inOrgRows, phoneRows]: PartReads) {
  const byEmail = new Map(accounts.map((a) => [a.email!, a]));
  const inOrg = new Set(inOrgRows.map((r) => r.id));
  const phonesInOrg = new Set(phoneRows.map((r) => r.phone));
  const ready: Ready[] = [];
  let skipped = 0;
  for (const p of part) {
    const account = p.email ? byEmail.get(p.email) : undefined;
    if ((account && inOrg.has(account.id)) || (!p.email && phonesInOrg.has(p.phone))) skipped++;
    else
      ready.push({
        ...p,
        userId: account?.id ?? newId(),
        existing: !!account,
        hasPassword: !!account?.passwordHash,
      });
  }
  return { ready, skipped };
}

/** `resolvePart` for every part of 500, each read in one round trip (the first maybe read already). */
async function resolve(
  s: Services,
  orgId: string,
  people: ImportPerson[],
  readAlready?: PartReads,
): Promise<{ ready: Ready[]; skipped: number }> {
  const { db } = s;
  if (readAlready && people.length <= CHUNK) return resolvePart(people, readAlready);
  const ready: Ready[] = [];
  let skipped = 0;
  for (let i = 0; i < people.length; i += CHUNK) {
    if (i > 0) await pause();
    const part = people.slice(i, i + CHUNK);
    const read = (await db.batch([...partReadStatements(db, orgId, part)])) as PartReads;
    const resolved = resolvePart(part, read);
    ready.push(...resolved.ready);
    skipped += resolved.skipped;
  }
  return { ready, skipped };
}

function writes(
  s: Services,
  org: OrgState,
  actor: Actor,
  part: Ready[],
  invite: boolean,
  t: number,
): { statements: BatchItem<'sqlite'>[]; invited: number } {
  const { db } = s;
  const fresh = part.filter((p) => !p.existing);
  const statements: BatchItem<'sqlite'>[] = [];
  if (fresh.length) {
    statements.push(
      db.insert(users).values(
        fresh.map((p) => ({
          id: p.userId,
          email: p.email,
          phone: p.phone,
          name: `${p.firstName} ${p.lastName}`,
          createdAt: t,
        })),
      ),
    );
  }
  statements.push(
    db.insert(memberships).values(
      part.map((p) => ({
        orgId: org.id,
        userId: p.userId,
        role: p.role,
        status: 'pending' as const,
        firstName: p.firstName,
        lastName: p.lastName,
        gender: p.gender,
        birthday: p.birthday,
        phone: p.phone,
        position: p.position,
        departmentId: p.departmentId,
        locale: p.locale,
        source: 'import' as const,
        searchText: searchTextOf({
          names: [p.firstName, p.lastName],
          email: p.email,
          phone: p.phone,
        }),
        createdAt: t,
        updatedAt: t,
      })),
    ),
    db.insert(auditEvents).values(
      part.map((p) => ({
        id: newId(),
        orgId: org.id,
        actorId: auditActor(actor),
        action: 'member.add',
        targetType: 'user',
        targetId: p.userId,
        detail: { source: 'import', row: p.row },
        createdAt: t,
      })),
    ),
  );
  if (!invite) return { statements, invited: 0 };
  const failed: { userId: string; code: string; message: string }[] = [];
  const targets = part.flatMap((p) => {
    const target: InviteTarget = {
      userId: p.userId,
      role: p.role,
      status: 'pending',
      email: p.email,
      phone: p.phone,
      hasPassword: p.hasPassword,
    };
    const checked = checkTarget(actor, org, p.email ? 'email' : 'sms', target);
    if (!checked.ok)
      failed.push({ userId: p.userId, code: checked.code, message: checked.message });
    return checked.ok
      ? [{ ...target, channel: checked.channel, recipient: checked.recipient }]
      : [];
  });
  statements.push(
    ...inviteStatements(db, org, actor, targets, t),
    quotaGuard(db, org, s.config.messageQuota, t),
    ...contactErrorStatements(db, org.id, failed, t),
  );
  return { statements, invited: targets.length };
}

const run = (s: Services, statements: BatchItem<'sqlite'>[]) =>
  s.db.batch(statements as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]);

/**
 * What the import reads with the caller's lookup (features/members/api.ts): the organization's
 * departments, and — when the file was read already and is one part — that part's reads.
 */
export function importReadStatements(db: Db, orgId: string, file: ReadFile | null) {
  const departmentsRead = db
    .select({ id: departments.id, name: departments.name })
    .from(departments)
    .where(eq(departments.orgId, orgId));
  const parts: BatchItem<'sqlite'>[] =
    !file || file.candidates.length > CHUNK
      ? []
      : [...partReadStatements(db, orgId, file.candidates)];
  return [departmentsRead, ...parts] as [typeof departmentsRead, ...BatchItem<'sqlite'>[]];
}

export type ImportReads = [{ id: string; name: string }[], ...([] | PartReads)];

export async function importMembers(
  s: Services,
  input: { org: OrgState; actor: Actor; file: ReadFile; sendInvitation: boolean },
  [depts, ...partRead]: ImportReads,
): Promise<ImportResponse> {
  const { org, actor, sendInvitation } = input;
  const { people, errors, ignored, ...file } = await placeImportFile(input.file, {
    departments: new Map([
      ...depts.map((d) => [d.name.toLowerCase(), d.id] as const),
      ...depts.map((d) => [d.name, d.id] as const),
    ]),
    allowedDomains: org.settings.allowedEmailDomains,
    mayAdd: (role: 'owner' | 'admin' | 'member') => can.manageMember(actor, { role }),
  });
  let skipped = file.skipped;
  const resolved = await resolve(
    s,
    org.id,
    people,
    partRead.length ? (partRead as PartReads) : undefined,
  );
  skipped += resolved.skipped;
  const parts = Math.ceil(resolved.ready.length / CHUNK);
  // Invitations go out within the organization's message quota: an import that would pass it adds
  // nobody. One part is all or nothing by itself (its batch holds the quota's guard).
  if (sendInvitation && parts > 1) await checkQuota(s, org, resolved.ready.length);
  let created = 0;
  let invited = 0;
  let recorded = false;
  const t = s.now();
  const summary = (counts: { created: number; invited: number }) =>
    auditEvent(
      s.db,
      {
        orgId: org.id,
        actorId: auditActor(actor),
        action: 'member.import',
        detail: {
          created: counts.created,
          skipped,
          errors: errors.length,
          invited: counts.invited,
        },
      },
      t,
    );
  for (let i = 0; i < resolved.ready.length; i += CHUNK) {
    if (i > 0) await pause();
    const part = resolved.ready.slice(i, i + CHUNK);
    const last = i + CHUNK >= resolved.ready.length;
    try {
      const w = writes(s, org, actor, part, sendInvitation, t);
      // The last part carries the import's own audit event, with the counts it makes true.
      const after = { created: created + part.length, invited: invited + w.invited };
      const record = last ? [summary(after)] : [];
      await run(s, [...w.statements, ...record]);
      ({ created, invited } = after);
      recorded = last;
    } catch (err) {
      if (isGuardFailure(err)) await checkQuota(s, org, part.length);
      if (!isUniqueViolation(err)) throw err;
      for (const p of part) {
        await pause();
        // Read the person again: someone may have added them here meanwhile (skip), or made their
        // account for another organization (use it).
        const again = (await resolve(s, org.id, [p])).ready[0];
        if (!again) {
          skipped++;
          continue;
        }
        try {
          const w = writes(s, org, actor, [again], sendInvitation, t);
          await run(s, w.statements);
          created++;
          invited += w.invited;
        } catch (e) {
          if (!isUniqueViolation(e)) throw e;
          skipped++; // added meanwhile by someone else
        }
      }
    }
  }
  if (!recorded) await summary({ created, invited });
  return {
    created,
    skipped,
    errors,
    ...(ignored.length ? { ignoredColumns: ignored } : {}),
    ...(sendInvitation ? { invited } : {}),
  };
}
