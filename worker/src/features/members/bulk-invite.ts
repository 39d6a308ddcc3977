/**
 * Bulk "send invitation" (docs/DESIGN.md §1.4): people already added to the organization
 * get a message with the login address, their login account and either a single-use set-password
 * link (a confirm link when they already have an account) or, with `sendInitialPassword`, an
 * initial password (features/accounts/initial-password.ts).
 *
 * Each person is checked on their own; one without a usable e-mail or phone gets an error and the
 * others are still invited. Sending again is a resend: the earlier link or password of that
 * organization stops working. Each person's invitation state goes `queued` now, then `invited` or
 * `error` when the provider answers (features/members/mail.ts). Everything is a few
 * multi-row statements in one batch, so 10 000 people are queued in one request.
 */
import { and, eq, inArray, notInArray, isNull } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { BulkInviteErrorCode, BulkInviteResponse } from '../../../../shared/api/members';
import type { Locale } from '../../../../shared/i18n';
import type { Db } from '../../db/client';
import { actionTokens, auditEvents, memberships, outbox, users } from '../../db/schema';
import type { OrgState, Services } from '../../env';
import { newId, newNonce } from '../../lib/ids';
import { HOUR_MS } from '../../lib/time';
import { auditActor } from '../organizations/audit';
import { can, type Actor } from '../organizations/permissions';
import { withinQuota } from '../organizations/quota';
import { checkEmail, outsideDomains, personAllowed } from '../../lib/email';
import { checkPhone } from '../../lib/phone';

export interface InviteTarget {
  userId: string;
  role: 'owner' | 'admin' | 'member';
  status: 'pending' | 'active';
  email: string | null;
  phone: string | null;
  hasPassword: boolean;
}

type Checked =
  | { ok: true; channel: 'email' | 'sms'; recipient: string }
  | { ok: false; code: BulkInviteErrorCode; message: string };

/**
 * Whether this person can be invited by this channel, and to where. `emailOnly` turns SMS into
 * e-mail.
 */
export function checkTarget(
  actor: Actor,
  org: OrgState,
  requested: 'email' | 'sms',
  t: InviteTarget,
): Checked {
  if (!can.manageMember(actor, t))
    return { ok: false, code: 'forbidden', message: 'Only an owner can invite an owner' };
  if (t.status === 'active')
    return { ok: false, code: 'already_member', message: 'Already an active member' };
  // The organization may have limited its domains since the person was added.
  const allowed = org.settings.allowedEmailDomains;
  if (!personAllowed(t.email, allowed))
    return { ok: false, code: 'invalid_email', message: outsideDomains(t.email, allowed) };
  const channel = org.settings.emailOnly ? 'email' : requested;
  if (channel === 'email') {
    if (!t.email)
      return { ok: false, code: 'missing_contact', message: 'No e-mail address in the profile' };
    const email = checkEmail(t.email);
    return email.ok ? { ok: true, channel, recipient: email.email } : email;
  }
  if (!t.phone)
    return { ok: false, code: 'missing_contact', message: 'No phone number in the profile' };
  const phone = checkPhone(t.phone);
  return phone.ok ? { ok: true, channel, recipient: phone.e164 } : phone;
}

export async function loadTargets(
  db: Db,
  orgId: string,
  userIds: string[],
): Promise<Map<string, InviteTarget>> {
  const [first, ...rest] = targetStatements(db, orgId, userIds);
  return targetsFrom(first ? await db.batch([first, ...rest]) : []);
}

/**
 * The people to invite, 500 ids a statement, all of them for one batch (with the caller's lookup:
 * http/read-as-member.ts `readAllAsMember`); `targetsFrom` reads their answers.
 */
export function targetStatements(db: Db, orgId: string, userIds: string[]) {
  const chunk = (ids: string[]) =>
    db
      .select({
        userId: memberships.userId,
        role: memberships.role,
        status: memberships.status,
        email: users.email,
        phone: memberships.phone,
        passwordHash: users.passwordHash,
      })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.orgId, orgId), inArray(memberships.userId, ids)));
  const statements: ReturnType<typeof chunk>[] = [];
  for (let i = 0; i < userIds.length; i += 500) statements.push(chunk(userIds.slice(i, i + 500)));
  return statements;
}

export type TargetRows = Awaited<ReturnType<typeof targetStatements>[number]>[];

export function targetsFrom(answers: TargetRows): Map<string, InviteTarget> {
  const found = new Map<string, InviteTarget>();
  for (const rows of answers)
    for (const { passwordHash, ...r } of rows)
      found.set(r.userId, { ...r, hasPassword: passwordHash !== null });
  return found;
}

/** The statements that (re)invite these people; put them in one batch. */
export function inviteStatements(
  db: Db,
  org: OrgState,
  actor: Pick<Actor, 'userId' | 'apiKeyId'>,
  people: (InviteTarget & { channel: 'email' | 'sms'; recipient: string })[],
  now: number,
  /** The language of their messages from now on (kept on the membership); without it, as it was. */
  locale?: Locale | null,
): BatchItem<'sqlite'>[] {
  const out: BatchItem<'sqlite'>[] = [];
  const expiresAt = now + org.settings.inviteTtlHours * HOUR_MS;
  for (let i = 0; i < people.length; i += 400) {
    const part = people.slice(i, i + 400);
    const ids = part.map((p) => p.userId);
    const tokens = part.map((p) => ({
      id: newId(),
      // By SMS to someone who signs in with e-mail, the link proves nothing of the account (a code
      // does, on its page): the same link whether or not the account has a password, so the message
      // tells the phone's holder nothing.
      purpose:
        p.hasPassword && !(p.channel === 'sms' && p.email)
          ? ('confirm_join' as const)
          : ('set_password' as const),
      userId: p.userId,
      orgId: org.id,
      sentTo: p.recipient,
      createdBy: actor.userId,
      tokenNonce: newNonce(),
      expiresAt,
      usedAt: null,
      createdAt: now,
    }));
    // An initial password proves only the address it goes to: by SMS it is sent to people who sign
    // in with their phone; someone with an e-mail address gets a link instead, and proves the
    // address on its page (features/accounts/password-link-pages.tsx).
    const mode = (p: InviteTarget & { channel: 'email' | 'sms' }) =>
      !p.hasPassword && org.settings.sendInitialPassword && (p.channel === 'email' || !p.email)
        ? 'password'
        : 'invite';
    out.push(
      // Resend: the earlier links (and initial passwords) this organization sent these people stop
      // working.
      db
        .update(actionTokens)
        .set({ usedAt: now })
        .where(
          and(
            eq(actionTokens.orgId, org.id),
            inArray(actionTokens.userId, ids),
            isNull(actionTokens.usedAt),
          ),
        ),
      db.insert(actionTokens).values(tokens),
      db
        .update(memberships)
        .set({
          invitationState: 'queued',
          invitationError: null,
          updatedAt: now,
          ...(locale ? { locale } : {}),
        })
        .where(
          and(
            eq(memberships.orgId, org.id),
            inArray(memberships.userId, ids),
            eq(memberships.status, 'pending'),
          ),
        ),
      db.insert(outbox).values(
        part.map((p, j) => ({
          id: newId(),
          orgId: org.id,
          kind: `member_${mode(p)}_${p.channel}` as const,
          channel: p.channel,
          recipient: p.recipient,
          refId: tokens[j]!.id,
          status: 'queued' as const,
          nextAttemptAt: now,
          createdAt: now,
        })),
      ),
      db.insert(auditEvents).values(
        part.map((p) => ({
          id: newId(),
          orgId: org.id,
          actorId: auditActor(actor),
          action: 'member.invite',
          targetType: 'user',
          targetId: p.userId,
          detail: { channel: p.channel },
          createdAt: now,
        })),
      ),
    );
  }
  return out;
}

const CONTACT_ERRORS: readonly string[] = [
  'missing_contact',
  'invalid_email',
  'invalid_phone',
  'phone_without_country_code',
];

/**
 * Missing or unusable contact data puts the person's invitation state to `error`, with the reason —
 * unless an invitation sent before is still on its way or out (`queued`, `invited`): a send that
 * could not start by another channel does not hide that one (the answer still names the error).
 */
export function contactErrorStatements(
  db: Db,
  orgId: string,
  errors: BulkInviteResponse['errors'],
  now: number,
): BatchItem<'sqlite'>[] {
  const byReason = new Map<string, string[]>();
  for (const e of errors)
    if (CONTACT_ERRORS.includes(e.code))
      byReason.set(e.message, [...(byReason.get(e.message) ?? []), e.userId]);
  return [...byReason].flatMap(([reason, ids]) => {
    const parts: string[][] = [];
    for (let i = 0; i < ids.length; i += 500) parts.push(ids.slice(i, i + 500));
    return parts.map((part) =>
      db
        .update(memberships)
        .set({ invitationState: 'error', invitationError: reason, updatedAt: now })
        .where(
          and(
            eq(memberships.orgId, orgId),
            inArray(memberships.userId, part),
            eq(memberships.status, 'pending'),
            notInArray(memberships.invitationState, ['queued', 'invited']),
          ),
        ),
    );
  });
}

/** `POST /members/invite`: per-person checks, then one batch for everyone who passed. */
export async function bulkInvite(
  s: Services,
  input: {
    org: OrgState;
    actor: Actor;
    request: { userIds: string[]; channel: 'email' | 'sms'; locale?: Locale };
  },
  /** What `targetStatements` read, when it travelled with the caller's lookup. */
  read?: TargetRows,
): Promise<BulkInviteResponse> {
  const { org, actor, request: body } = input;
  const ids = [...new Set(body.userIds)];
  const targets = read ? targetsFrom(read) : await loadTargets(s.db, org.id, ids);
  const errors: BulkInviteResponse['errors'] = [];
  const ready: (InviteTarget & { channel: 'email' | 'sms'; recipient: string })[] = [];
  for (const userId of ids) {
    const t = targets.get(userId);
    if (!t) {
      errors.push({ userId, code: 'not_found', message: 'Not a member of this organization' });
      continue;
    }
    const checked = checkTarget(actor, org, body.channel, t);
    if (checked.ok) ready.push({ ...t, channel: checked.channel, recipient: checked.recipient });
    else errors.push({ userId, code: checked.code, message: checked.message });
  }
  const t = s.now();
  await withinQuota(s, org, ready.length, async (quota) => {
    const statements = [
      ...inviteStatements(s.db, org, actor, ready, t, body.locale),
      ...quota,
      ...contactErrorStatements(s.db, org.id, errors, t),
    ];
    if (statements.length)
      await s.db.batch(statements as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]);
  });
  return { queued: ready.length, errors };
}
