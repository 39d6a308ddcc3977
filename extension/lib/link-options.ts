/** The choices of the "Create link" form and the request they make. */
import type { CreateLinkRequest } from '../../shared/api';
import { plural, t } from './i18n';

export interface Choice<T> {
  value: T;
  label: string;
}

/** "1 hour", "1 day", "7 days", "30 days". */
const VALIDITY_HOURS = [1, 24, 24 * 7, 24 * 30];

function validityLabel(hours: number): string {
  return hours % 24 === 0 ? plural('format.days', hours / 24) : plural('format.hours', hours);
}

const MAX_USES = [1, 5, 10, 25, 50, 100];

/**
 * The organization's longest validity for links, when known; `null` allows links that never expire.
 */
export type LinkMaxTtl = number | null | undefined;

/**
 * Validity presets the organization allows. When the limit is unknown (members do not see
 * settings), the server's default limit (30 days) applies and "never" is not offered.
 */
export function validityChoices(maxTtlHours: LinkMaxTtl): Choice<number | null>[] {
  const limit = maxTtlHours === undefined ? 720 : maxTtlHours;
  const fitting: Choice<number | null>[] = VALIDITY_HOURS.filter(
    (hours) => limit === null || hours <= limit,
  ).map((hours) => ({ value: hours, label: validityLabel(hours) }));
  if (limit === null) fitting.push({ value: null, label: t('format.neverExpires') });
  if (fitting.length === 0 && limit !== null)
    fitting.push({ value: limit, label: plural('format.hours', limit) });
  return fitting;
}

export function usageChoices(): Choice<number | null>[] {
  return [
    ...MAX_USES.map((n) => ({ value: n, label: plural('format.uses', n) })),
    { value: null, label: t('format.unlimited') },
  ];
}

/** The preferred validity if the organization allows it, else the longest allowed one. */
export function pickValidity(preferred: number | null, maxTtlHours: LinkMaxTtl): number | null {
  const choices = validityChoices(maxTtlHours);
  if (choices.some((c) => c.value === preferred)) return preferred;
  return choices[choices.length - 1]?.value ?? 24;
}

export interface LinkForm {
  expiresInHours: number | null;
  maxUses: number | null;
  departmentId: string;
  role: 'member' | 'admin';
  requiresApproval: boolean;
}

/** Members may only choose validity and usage limit; the rest is for admins (docs/DESIGN.md §2). */
export function toCreateLinkRequest(form: LinkForm, isAdmin: boolean): CreateLinkRequest {
  const request: CreateLinkRequest = { expiresInHours: form.expiresInHours, maxUses: form.maxUses };
  if (isAdmin) {
    request.role = form.role;
    request.requiresApproval = form.requiresApproval;
    request.departmentId = form.departmentId || null;
  }
  return request;
}

/** Encodes a nullable number for a <select>, whose values are strings. */
export function encodeChoice(value: number | null): string {
  return value === null ? 'none' : String(value);
}

export function decodeChoice(value: string): number | null {
  return value === 'none' ? null : Number(value);
}
