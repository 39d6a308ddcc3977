/**
 * An organization as its members read it (owners and admins also see its settings and message
 * quota), and the change of its settings.
 */
import { eq } from 'drizzle-orm';
import type { OrgDto, OrgSettings } from '../../../../shared/api/orgs';
import { organizations } from '../../db/schema';
import type { OrgState, Services } from '../../env';
import { auditEvent } from './audit';
import { logoPath } from './branding';
import { toOrgDto, withDefaults } from './orgs';
import { can, type Actor } from './permissions';
import { quotaOf, type quotaUsageStatement, usageOf } from './quota';

export function readOrganization(
  s: Services,
  input: { org: OrgState; actor: Actor },
  usage: Awaited<ReturnType<typeof quotaUsageStatement>> | null,
): OrgDto {
  const { org } = input;
  if (!can.seeSettings(input.actor) || !usage) return toOrgDto(org, false);
  const quota = quotaOf(org, s.config.messageQuota);
  const used = usageOf(usage);
  return {
    ...toOrgDto(org, true),
    uploadedLogoUrl: uploadedLogoUrl(s, org),
    quota: {
      messagesPerHour: quota.perHour,
      messagesPerDay: quota.perDay,
      sentLastHour: used.hour,
      sentLastDay: used.day,
    },
  };
}

/** Changes some settings (who may change which is the caller's question: `can.changeSettings`). */
export async function updateSettings(
  s: Services,
  input: { org: OrgState; actorId: string; patch: Partial<OrgSettings> },
): Promise<OrgDto> {
  const { db } = s;
  const { org, patch } = input;
  const settings = withDefaults({ ...org.settings, ...patch });
  await db.batch([
    db.update(organizations).set({ settings }).where(eq(organizations.id, org.id)),
    auditEvent(
      db,
      {
        orgId: org.id,
        actorId: input.actorId,
        action: 'org.settings_update',
        targetType: 'org',
        targetId: org.id,
        detail: patch,
      },
      s.now(),
    ),
  ]);
  return { ...toOrgDto({ ...org, settings }, true), uploadedLogoUrl: uploadedLogoUrl(s, org) };
}

const uploadedLogoUrl = (s: Services, org: OrgState) =>
  org.logoEtag ? `${s.config.publicUrl}${logoPath(org.id, org.logoEtag)}` : null;
