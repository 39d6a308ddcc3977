/**
 * Asking for a new invitation, from the page of an expired personal invitation or of a general link
 * that expired or was used up (a revoked link or a canceled invitation was turned off on purpose and
 * offers nothing). An expired invitation's request is for the address it was sent to, whatever the
 * asker types: whoever holds its link can only ask for the same invitation again, never have it
 * sent elsewhere. A spent link's request names the asker's address. The answer is the same whatever
 * happens: an address that already belongs to the organization, or is at a domain it does not
 * accept, or already has an open request, writes nothing — nobody learns who is a member. Counted per client and per invitation or link
 * (`RENEWAL_LIMITS`) in the round trip that reads what the token names; the write is one batch.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Locale } from '../../../../shared/i18n';
import type { Role } from '../../../../shared/api/common';
import {
  auditEvents,
  invitations,
  memberships,
  organizations,
  renewals,
  users,
} from '../../db/schema';
import { insertWhere } from '../../db/guarded';
import type { Services } from '../../env';
import { domainAllowed } from '../../lib/email';
import { newId } from '../../lib/ids';
import { enforceRateLimits, readWithinLimits, type RateLimitRule } from '../../lib/rate-limit';
import { parseToken } from '../../lib/tokens';
import { effectiveStatus } from '../invitations/invitations';
import { judgeLink, linkStatement } from '../links/links';
import type { BrandSource } from '../organizations/branding';
import { withDefaults } from '../organizations/orgs';
import type { OrgSettings } from '../../../../shared/api/orgs';

/** Per client address, and per invitation or link, in an hour. */
export const RENEWAL_LIMITS = { perClient: 10, perInvitation: 3, perLink: 30, windowMs: 3600_000 };

export type RenewalSource = 'invitation' | 'link';

/**
 * What the page of a token offers: the form (with the organization's name, language and brand) or
 * nothing.
 */
export type Offer =
  | {
      ok: true;
      orgName: string;
      settings: OrgSettings;
      brand: BrandSource;
      code: 'invitation_expired' | 'link_expired' | 'link_exhausted';
    }
  | { ok: false };

interface Origin {
  orgId: string;
  orgName: string;
  settings: OrgSettings;
  ownerId: string;
  role: Role;
  departmentId: string | null;
  invitationId: string | null;
  linkId: string | null;
  logoEtag: string | null;
  /** The expired invitation's own address (null for a link). */
  to: { email: string | null; phone: string | null } | null;
}

/** The brand of the organization an origin belongs to (features/organizations/branding.ts). */
const brandSource = (o: Origin): BrandSource => ({
  id: o.orgId,
  name: o.orgName,
  settings: o.settings,
  logoEtag: o.logoEtag,
});

const limitsFor = (source: RenewalSource, id: string, clientIp: string): RateLimitRule[] => [
  {
    key: `renew:client:${clientIp}`,
    limit: RENEWAL_LIMITS.perClient,
    windowMs: RENEWAL_LIMITS.windowMs,
  },
  {
    key: `renew:${source}:${id}`,
    limit: source === 'invitation' ? RENEWAL_LIMITS.perInvitation : RENEWAL_LIMITS.perLink,
    windowMs: RENEWAL_LIMITS.windowMs,
  },
];

function invitationOrigin(s: Services, id: string) {
  return s.db
    .select({
      inv: invitations,
      orgName: organizations.name,
      settings: organizations.settings,
      logoEtag: organizations.logoEtag,
    })
    .from(invitations)
    .innerJoin(organizations, eq(organizations.id, invitations.orgId))
    .where(eq(invitations.id, id))
    .limit(1);
}

/**
 * The invitation or link a token names, when its page offers to ask for a new invitation; with
 * `limits`, counted in the same round trip (429 past them).
 */
async function originOf(
  s: Services,
  source: RenewalSource,
  token: string,
  limits: (id: string) => RateLimitRule[],
): Promise<(Origin & { code: Exclude<Offer, { ok: false }>['code'] }) | null> {
  const t = s.now();
  const parsed = parseToken(token);
  if (!parsed) {
    await enforceRateLimits(s.rateLimiter, limits('-').slice(0, 1), t);
    return null;
  }
  if (source === 'invitation') {
    const [row] = await readWithinLimits(
      s.rateLimiter,
      limits(parsed.id),
      t,
      s.db,
      invitationOrigin(s, parsed.id),
    );
    if (!row || !(await s.tokens.matches('invitation', parsed, row.inv.tokenNonce))) return null;
    if (effectiveStatus(row.inv, t) !== 'expired') return null;
    return {
      code: 'invitation_expired',
      orgId: row.inv.orgId,
      orgName: row.orgName,
      settings: withDefaults(row.settings),
      ownerId: row.inv.createdBy,
      role: row.inv.role,
      departmentId: row.inv.departmentId,
      invitationId: row.inv.id,
      linkId: null,
      logoEtag: row.logoEtag,
      to: { email: row.inv.email, phone: row.inv.phone },
    };
  }
  const rows = await readWithinLimits(
    s.rateLimiter,
    limits(parsed.id),
    t,
    s.db,
    linkStatement(s.db, parsed.id),
  );
  const judged = await judgeLink(s.tokens, parsed, rows, t);
  if (judged.ok || (judged.code !== 'link_expired' && judged.code !== 'link_exhausted'))
    return null;
  const { link, org } = judged.target;
  return {
    code: judged.code,
    orgId: org.id,
    orgName: org.name,
    settings: org.settings,
    ownerId: link.createdBy,
    role: link.role,
    departmentId: link.departmentId,
    invitationId: null,
    linkId: link.id,
    logoEtag: org.logoEtag,
    to: null,
  };
}

/** Whether the page of a token offers the form (reading counts nothing: the page did already). */
export async function renewalOffer(
  s: Services,
  source: RenewalSource,
  token: string,
): Promise<Offer> {
  const origin = await originOf(s, source, token, () => []);
  return origin
    ? {
        ok: true,
        orgName: origin.orgName,
        settings: origin.settings,
        brand: brandSource(origin),
        code: origin.code,
      }
    : { ok: false };
}

export type AskOutcome =
  | { ok: true; orgName: string; settings: OrgSettings; brand: BrandSource }
  | { ok: false };

/**
 * Records the request (or, for an address that belongs already, nothing); `{ok: false}` when the
 * token's page offers no form.
 */
export async function askForRenewal(
  s: Services,
  input: {
    source: RenewalSource;
    token: string;
    name: string;
    /** The asker's address: a spent link's request only (an invitation's goes where it went). */
    email?: string;
    /** The language the person asked for (the page's `lang`, their browser); null: none. */
    locale: Locale | null;
    clientIp: string;
  },
): Promise<AskOutcome> {
  const { db } = s;
  const origin = await originOf(s, input.source, input.token, (id) =>
    limitsFor(input.source, id, input.clientIp),
  );
  if (!origin) return { ok: false };
  const answer = {
    ok: true as const,
    orgName: origin.orgName,
    settings: origin.settings,
    brand: brandSource(origin),
  };
  const email = origin.to ? origin.to.email : (input.email ?? null);
  const phone = origin.to?.email ? null : (origin.to?.phone ?? null);
  if (!email && !phone) return answer;
  if (!origin.to && !domainAllowed(email!, origin.settings.allowedEmailDomains)) return answer;
  const t = s.now();
  const id = newId();
  const sameAddress = email ? eq(users.email, email) : eq(memberships.phone, phone!);
  const member = sql`EXISTS (SELECT 1 FROM ${memberships} INNER JOIN ${users} ON ${users.id} = ${memberships.userId}
    WHERE ${and(eq(memberships.orgId, origin.orgId), eq(memberships.status, 'active'), sameAddress)})`;
  // One open request per address (for e-mail also the unique index renewals_asked_pending_uq).
  const open = sql`EXISTS (SELECT 1 FROM ${renewals} WHERE ${and(
    eq(renewals.orgId, origin.orgId),
    eq(renewals.kind, 'asked'),
    eq(renewals.status, 'pending'),
    email ? eq(renewals.email, email) : eq(renewals.phone, phone!),
  )})`;
  await db.batch([
    insertWhere(
      db,
      renewals,
      {
        id,
        orgId: origin.orgId,
        kind: 'asked',
        invitationId: origin.invitationId,
        linkId: origin.linkId,
        ownerId: origin.ownerId,
        name: input.name,
        email,
        phone,
        role: origin.role,
        departmentId: origin.departmentId,
        locale: input.locale,
        status: 'pending',
        createdAt: t,
      },
      sql`NOT ${member} AND NOT ${open}`,
    ),
    insertWhere(
      db,
      auditEvents,
      {
        id: newId(),
        orgId: origin.orgId,
        actorId: null,
        action: 'renewal.ask',
        targetType: 'renewal',
        targetId: id,
        detail: { email, phone, invitationId: origin.invitationId, linkId: origin.linkId },
        createdAt: t,
      },
      sql`EXISTS (SELECT 1 FROM ${renewals} WHERE ${renewals.id} = ${id})`,
    ),
  ]);
  return answer;
}
