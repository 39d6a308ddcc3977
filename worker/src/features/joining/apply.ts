/**
 * Applying through a general link (the join page's form and `POST /api/join/:token`). One guarded
 * write decides each use: the application is inserted only while the link is usable (not revoked,
 * not expired, below its usage limit) and the use count goes up only if it was, in the same batch,
 * so N parallel applications on a link limited to K admit exactly K. With approval off, the
 * approval and its effects (features/joining/approval.ts) are in that batch too.
 *
 * Someone who already belongs to the organization gets the same answer as anyone else (no
 * enumeration of members): nothing changes but the use, and a harmless "you already belong here"
 * notice goes to the address itself.
 */
import { webhookEvents } from '../webhooks/events';
import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import type { ApplyResponse } from '../../../../shared/api/links';
import type { Locale } from '../../../../shared/i18n';
import { isUniqueViolation } from '../../db/client';
import {
  applications,
  auditEvents,
  inviteLinks,
  memberships,
  outbox,
  users,
} from '../../db/schema';
import type { Services } from '../../env';
import { newId } from '../../lib/ids';
import { parseToken } from '../../lib/tokens';
import { HOUR_MS } from '../../lib/time';
import { creatorStillAuthorized } from '../organizations/authority';
import { existsWhere, insertWhere, isGuardFailure } from '../../db/guarded';
import { approvalEffects, WELCOME_KINDS } from './approval';
import {
  FAILURE_OF,
  judgeLink,
  linkStatement,
  linkStatus,
  lookupLink,
  usableAt,
  type JoinTarget,
  type LinkFailure,
} from '../links/links';
import {
  budgetHasRoom,
  checkQuota,
  quotaGuard,
  refuseOverQuota,
  usageColumn,
  usageFromColumn,
} from '../organizations/quota';
import { enforceRateLimits, readWithinLimits } from '../../lib/rate-limit';
import { qualified } from '../../db/qualified';
import { searchTextOf } from '../../db/search-index';

/**
 * What the address already is in the link's organization: its account, its membership there, and
 * whether it has an application waiting (columns of the link's statement).
 */
const applicantColumns = (email: string) => ({
  existingId: sql<string | null>`(SELECT e.id FROM ${users} e WHERE e.email = ${email})`,
  existingHash: sql<
    string | null
  >`(SELECT e.password_hash FROM ${users} e WHERE e.email = ${email})`,
  existingMember: sql<
    string | null
  >`(SELECT m.status FROM ${memberships} m JOIN ${users} e ON e.id = m.user_id
    WHERE e.email = ${email} AND m.org_id = ${qualified(inviteLinks.orgId)})`,
  pending: sql<number>`(SELECT count(*) FROM ${applications} a
    WHERE a.org_id = ${qualified(inviteLinks.orgId)} AND a.email = ${email} AND a.status = 'pending')`,
});

/**
 * Per client address and per link, over ten minutes. Generous enough for a room full of people
 * behind one NAT.
 */
export const JOIN_LIMITS = {
  perClient: 30,
  perLink: 300,
  lookupsPerClient: 300,
  windowMs: 10 * 60_000,
};
/**
 * An address that already belongs gets at most one notice per organization in this time; repeats
 * answer already_applied.
 */
export const NOTICE_INTERVAL_MS = 7 * 24 * HOUR_MS;
export const ALREADY_MEMBER_KIND = 'already_member';

export type ApplyOutcome =
  /**
   * `queued`: a message is waiting in the outbox (a welcome, or a member's notice), so delivery is
   * worth a kick.
   */
  | { ok: true; status: ApplyResponse['status']; target: JoinTarget; queued: boolean }
  | { ok: false; code: 'not_found' }
  | { ok: false; code: LinkFailure | 'already_applied' | 'email_domain'; target: JoinTarget };

/**
 * Reads a link for a page or `GET /api/join/:token`, counting the lookup against the client's
 * limit.
 */
export async function lookupForJoin(s: Services, token: string, clientIp: string) {
  const t = s.now();
  const rules = [
    {
      key: `join:lookup:${clientIp}`,
      limit: JOIN_LIMITS.lookupsPerClient,
      windowMs: JOIN_LIMITS.windowMs,
    },
  ];
  const parsed = parseToken(token);
  if (!parsed) {
    await enforceRateLimits(s.rateLimiter, rules, t);
    return { ok: false, code: 'not_found' } as const;
  }
  // The count and the link in one round trip.
  const rows = await readWithinLimits(
    s.rateLimiter,
    rules,
    t,
    s.db,
    linkStatement(s.db, parsed.id),
  );
  return judgeLink(s.tokens, parsed, rows, t);
}

export function emailDomainAllowed(email: string, allowed: string[]): boolean {
  return allowed.length === 0 || allowed.includes(email.slice(email.lastIndexOf('@') + 1));
}

export async function applyThroughLink(
  s: Services,
  token: string,
  /**
   * `locale`: the language the applicant applied in (the join page's, or the API's `locale` or
   * Accept-Language); the welcome and the notice speak it. Null: the organization's.
   */
  input: { name: string; email: string; locale?: Locale | null },
  clientIp: string,
): Promise<ApplyOutcome> {
  const { db } = s;
  const t = s.now();
  const perClient = {
    key: `join:apply:${clientIp}`,
    limit: JOIN_LIMITS.perClient,
    windowMs: JOIN_LIMITS.windowMs,
  };
  const parsed = parseToken(token);
  if (!parsed) {
    await enforceRateLimits(s.rateLimiter, [perClient], t);
    return { ok: false, code: 'not_found' };
  }
  // One round trip: the client's count, the link, what the address already is there and the
  // organization's public budget (read for the link's organization, answered only once the token
  // proved to be the link's).
  const byPublic = { byPublic: true };
  const rows = await readWithinLimits(
    s.rateLimiter,
    [perClient],
    t,
    db,
    linkStatement(db, parsed.id, {
      ...applicantColumns(input.email),
      publicUsage: usageColumn(qualified(inviteLinks.orgId), t, byPublic),
    }),
  );
  const found = await judgeLink(s.tokens, parsed, rows, t);
  if (!found.ok) return found;
  const target = found.target;
  const { link, org } = target;
  const seen = rows[0]!;
  // The link's count: on the database's counters, inside the batch that uses the link, which it
  // fails past the limit (so nobody without the link spends its budget); in memory, now.
  const perLink = {
    key: `join:link:${link.id}`,
    limit: JOIN_LIMITS.perLink,
    windowMs: JOIN_LIMITS.windowMs,
  };
  const linkGuard = s.rateLimiter.guard(perLink, t);
  if (!linkGuard) await enforceRateLimits(s.rateLimiter, [perLink], t);
  const counted = linkGuard?.statements ?? [];
  /** After a batch failed: past the link's limit (429), else the error as it is. */
  const refused = async (err: unknown): Promise<never> => {
    if (isGuardFailure(err)) {
      const tooMany = await linkGuard?.refusal();
      if (tooMany) throw tooMany;
    }
    throw err;
  };
  // A link without approval sends a welcome: within the organization's public budget, checked
  // before anything else, so a member and a newcomer get the same answer (past the budget a
  // member's notice is left out, never refused).
  const domainAllowed = emailDomainAllowed(input.email, org.settings.allowedEmailDomains);
  if (!link.requiresApproval && domainAllowed)
    refuseOverQuota(s, org, 1, byPublic, usageFromColumn(seen.publicUsage));
  if (!domainAllowed) return { ok: false, code: 'email_domain', target };

  const existing =
    seen.existingId === null
      ? undefined
      : { id: seen.existingId, passwordHash: seen.existingHash, member: seen.existingMember };
  if (seen.pending > 0) return { ok: false, code: 'already_applied', target };

  const status = link.requiresApproval ? 'pending' : 'approved';
  // The page's language (http/page-locale.ts `pageLocale`): what the applicant asked for, else the
  // organization's then.
  const locale = input.locale ?? org.settings.language ?? null;
  // Usable now, and its creator still may make it: a demotion or a settings change decided
  // meanwhile counts.
  const usable = and(
    existsWhere(inviteLinks, and(eq(inviteLinks.id, link.id), usableAt(t))!),
    creatorStillAuthorized(org.id, link.createdBy, target.creatorRoles),
  )!;
  /** After the batch: did the guarded insert happen? If not, the link's state now says why. */
  const decided = async (inserted: boolean, queued: boolean): Promise<ApplyOutcome> => {
    if (inserted) return { ok: true, status, target, queued };
    const again = await lookupLink(db, s.tokens, token, t);
    if (!again.ok) return again;
    const [now] = await db.select().from(inviteLinks).where(eq(inviteLinks.id, link.id)).limit(1);
    const state = now ? linkStatus(now, t) : 'revoked';
    return { ok: false, code: state === 'active' ? 'link_exhausted' : FAILURE_OF[state], target };
  };

  if (existing?.member) {
    // Already belongs: spend the use like anyone would, change nothing else, tell the address
    // itself — once per interval, decided inside the batch, so the same form sent several times at
    // once makes one notice.
    const refId = `${org.id}:${existing.id}`;
    // A notice, or the welcome a join without approval just sent: either way this address heard
    // from the organization lately, and applying again answers already_applied — as a newcomer's
    // second try after joining does.
    const recentNotice = and(
      eq(outbox.orgId, org.id),
      eq(outbox.recipient, input.email),
      inArray(outbox.kind, [ALREADY_MEMBER_KIND, ...Object.values(WELCOME_KINDS)]),
      gt(outbox.createdAt, t - NOTICE_INTERVAL_MS),
    )!;
    const id = newId();
    // The notice is a message strangers set off: within the public budget. Past it, the row is
    // written all the same, `skipped` (never sent, not counted), so that asking again answers
    // already_applied either way — a member and a newcomer look alike whatever the budget.
    const room = budgetHasRoom(org, s.config.messageQuota, t, { byPublic: true }, 1);
    const status = sql`CASE WHEN ${room} THEN 'queued' ELSE 'skipped' END`;
    const [notice] = await db
      .batch([
        insertWhere(
          db,
          outbox,
          {
            id,
            orgId: org.id,
            kind: ALREADY_MEMBER_KIND,
            channel: 'email',
            recipient: input.email,
            refId,
            locale,
            byPublic: true,
            status,
            nextAttemptAt: t,
            createdAt: t,
          },
          and(usable, sql`NOT ${existsWhere(outbox, recentNotice)}`)!,
        ),
        db
          .update(inviteLinks)
          .set({ useCount: sql`${inviteLinks.useCount} + 1` })
          .where(and(eq(inviteLinks.id, link.id), existsWhere(outbox, eq(outbox.id, id)))),
        // Anywhere in the batch: past the link's limit it fails the whole batch.
        ...counted,
      ])
      .catch(refused);
    if (
      notice.rowsAffected === 0 &&
      (await db.select({ id: outbox.id }).from(outbox).where(recentNotice).limit(1)).length
    ) {
      return { ok: false, code: 'already_applied', target };
    }
    return decided(notice.rowsAffected === 1, true);
  }

  const appId = newId();
  const application = {
    id: appId,
    orgId: org.id,
    linkId: link.id,
    inviterId: link.createdBy,
    name: input.name,
    email: input.email,
    locale,
    status,
    reviewedAt: status === 'approved' ? t : null,
    searchText: searchTextOf({ names: [input.name], email: input.email }),
    createdAt: t,
  } as const;
  const effects =
    status === 'approved'
      ? approvalEffects(db, {
          app: application,
          link,
          reviewerId: null,
          existing: existing ?? null,
          settings: org.settings,
          now: t,
        })
      : [];
  const submitted = existsWhere(applications, eq(applications.id, appId));
  // With approval off, one person sending the form twice at once would join twice (two welcomes,
  // two uses): the later batch finds the membership the earlier one made, and inserts nothing.
  const belongs = sql`EXISTS (SELECT 1 FROM ${memberships} JOIN ${users} ON ${users.id} = ${memberships.userId} WHERE ${memberships.orgId} = ${org.id} AND ${users.email} = ${input.email})`;
  const guard = status === 'approved' ? and(usable, sql`NOT ${belongs}`)! : usable;
  let inserted: boolean;
  try {
    const [row] = await db.batch([
      insertWhere(db, applications, application, guard, 'fail'),
      db
        .update(inviteLinks)
        .set({ useCount: sql`${inviteLinks.useCount} + 1` })
        .where(and(eq(inviteLinks.id, link.id), submitted)),
      insertWhere(
        db,
        auditEvents,
        {
          id: newId(),
          orgId: org.id,
          actorId: null,
          action: 'application.submit',
          targetType: 'application',
          targetId: appId,
          detail: { email: input.email, linkId: link.id },
          createdAt: t,
        },
        submitted,
      ),
      webhookEvents(
        db,
        org,
        'application.created',
        {
          application: {
            id: appId,
            linkId: link.id,
            name: input.name,
            email: input.email,
            status: application.status,
          },
        },
        null,
        t,
        { when: submitted },
      ),
      ...effects,
      ...(status === 'approved'
        ? [quotaGuard(db, org, s.config.messageQuota, t, { byPublic: true })]
        : []),
      ...counted,
    ]);
    inserted = row.rowsAffected === 1;
  } catch (err) {
    if (isUniqueViolation(err)) return { ok: false, code: 'already_applied', target };
    if (isGuardFailure(err)) {
      const tooMany = await linkGuard?.refusal();
      if (tooMany) throw tooMany;
      await checkQuota(s, org, 1, { byPublic: true });
    }
    throw err;
  }
  if (!inserted && status === 'approved') {
    const [joined] = await db
      .select({ yes: sql<number>`1` })
      .from(users)
      .where(and(eq(users.email, input.email), belongs))
      .limit(1);
    if (joined) return { ok: false, code: 'already_applied', target };
  }
  // Approval on: nothing to send until an admin approves. Approval off: the welcome is in the
  // batch.
  return decided(inserted, status === 'approved');
}
