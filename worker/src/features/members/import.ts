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
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { ImportResponse } from '../../../../shared/api/members';
import { isUniqueViolation } from '../../db/client';
import { auditEvents, departments, memberships, users } from '../../db/schema';
import type { OrgState, Services } from '../../env';
import { newId } from '../../lib/ids';
import { pause } from '../../lib/pause';
import { auditEvent } from '../organizations/audit';
import { readImportFile, type ImportPerson } from './import-rows';
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

/** Skips people already in the organization; finds the accounts of the others. */
async function resolve(
  s: Services,
  orgId: string,
  people: ImportPerson[],
): Promise<{ ready: Ready[]; skipped: number }> {
  const { db } = s;
  const ready: Ready[] = [];
  let skipped = 0;
  for (let i = 0; i < people.length; i += CHUNK) {
    if (i > 0) await pause();
    const part = people.slice(i, i + CHUNK);
    const emails = part.flatMap((p) => (p.email ? [p.email] : []));
    const phones = part.flatMap((p) => (!p.email && p.phone ? [p.phone] : []));
    const accounts = emails.length
      ? await db
          .select({ id: users.id, email: users.email, passwordHash: users.passwordHash })
          .from(users)
          .where(inArray(users.email, emails))
      : [];
    const byEmail = new Map(accounts.map((a) => [a.email!, a]));
    const ids = accounts.map((a) => a.id);
    const inOrg = new Set(
      ids.length
        ? (
            await db
              .select({ id: memberships.userId })
              .from(memberships)
              .where(and(eq(memberships.orgId, orgId), inArray(memberships.userId, ids)))
          ).map((r) => r.id)
        : [],
    );
    const phonesInOrg = new Set(
      phones.length
        ? (
            await db
              .select({ phone: memberships.phone })
              .from(memberships)
              .innerJoin(users, eq(users.id, memberships.userId))
              .where(
                and(
                  eq(memberships.orgId, orgId),
                  isNull(users.email),
                  inArray(memberships.phone, phones),
                ),
              )
          ).map((r) => r.phone)
        : [],
    );
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
        actorId: actor.userId,
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
    ...inviteStatements(db, org, actor.userId, targets, t),
    quotaGuard(db, org, s.config.messageQuota, t),
    ...contactErrorStatements(db, org.id, failed, t),
  );
  return { statements, invited: targets.length };
}

const run = (s: Services, statements: BatchItem<'sqlite'>[]) =>
  s.db.batch(statements as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]);

export async function importMembers(
  s: Services,
  input: { org: OrgState; actor: Actor; text: string; sendInvitation: boolean },
): Promise<ImportResponse> {
  const { org, actor, text, sendInvitation } = input;
  const { people, errors, ignored, ...file } = await readImportFile(text, async () => {
    const depts = await s.db
      .select({ id: departments.id, name: departments.name })
      .from(departments)
      .where(eq(departments.orgId, org.id));
    return {
      departments: new Map([
        ...depts.map((d) => [d.name.toLowerCase(), d.id] as const),
        ...depts.map((d) => [d.name, d.id] as const),
      ]),
      allowedDomains: org.settings.allowedEmailDomains,
      mayAdd: (role: 'owner' | 'admin' | 'member') => can.manageMember(actor, { role }),
    };
  });
  let skipped = file.skipped;
  const resolved = await resolve(s, org.id, people);
  skipped += resolved.skipped;
  // Invitations go out within the organization's message quota: an import that would pass it adds
  // nobody.
  if (sendInvitation) await checkQuota(s, org, resolved.ready.length);
  let created = 0;
  let invited = 0;
  const t = s.now();
  for (let i = 0; i < resolved.ready.length; i += CHUNK) {
    if (i > 0) await pause();
    const part = resolved.ready.slice(i, i + CHUNK);
    try {
      const w = writes(s, org, actor, part, sendInvitation, t);
      await run(s, w.statements);
      created += part.length;
      invited += w.invited;
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
  await auditEvent(
    s.db,
    {
      orgId: org.id,
      actorId: actor.userId,
      action: 'member.import',
      detail: { created, skipped, errors: errors.length, invited },
    },
    t,
  );
  return {
    created,
    skipped,
    errors,
    ...(ignored.length ? { ignoredColumns: ignored } : {}),
    ...(sendInvitation ? { invited } : {}),
  };
}
