/**
 * Pure e-mail building: a message is a few structured blocks; this turns them into plain text and
 * into simple, widely supported HTML with every value escaped.
 */
import type { Locale } from '../../../shared/i18n';
import { fill } from '../i18n/text';
import { type Brand, paletteOf, safeColor } from '../lib/brand';
import { layoutText } from './layout.text';
import type { EmailMessage } from './transport';

export function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!,
  );
}

/** One line, for subjects and headers: no CR/LF, bounded. */
export function oneLine(value: string, max = 150): string {
  const flat = value.replace(/[\r\n\u2028\u2029]+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/**
 * The line every message about an organization ends with: organizations name themselves, so a
 * message says whose it is and that the name is theirs, and never lets that name pass for this
 * service's own words.
 */
export function onBehalfOf(org: string, locale: Locale = 'en'): string {
  return fill(layoutText.in(locale).onBehalfOf, { org: oneLine(org, 80) });
}

/**
 * How a message names where to sign in: this service's page plainly; an address the organization
 * chose (its `loginUrl` setting) as the organization's, never as this service's own.
 */
export const loginLabel = (org: string, chosenByOrg: boolean, locale: Locale = 'en'): string =>
  chosenByOrg
    ? fill(layoutText.in(locale).orgLoginPage, { org: oneLine(org, 80) })
    : layoutText.in(locale).loginAddress;

export type Block =
  | { p: string }
  | { facts: [label: string, value: string][] }
  | { button: { label: string; url: string } }
  | { note: string };

export interface EmailContent {
  to: string;
  subject: string;
  heading: string;
  blocks: Block[];
  /** The message's language (its `<html lang>` and the words around the blocks); English by default. */
  locale?: Locale;
  /** The organization's logo and accent (features/organizations/branding.ts `brandOf`). */
  brand?: Brand;
}

/** The service's own button colours, when the organization chose none. */
const SERVICE_COLORS = { accent: '#1d4ed8', onAccent: '#fff' };

/** The organization's logo above the heading; nothing without one. */
function brandHeader(brand: Brand | undefined): string {
  if (!brand?.logoSrc || !/^https?:\/\//.test(brand.logoSrc)) return '';
  return `<p style="margin:0 0 16px"><img src="${escapeHtml(brand.logoSrc)}" alt="${escapeHtml(oneLine(brand.name, 80))}" height="48" style="display:block;height:48px;max-width:200px;border:0"></p>`;
}

function textOf(blocks: Block[]): string {
  return blocks
    .map((b) => {
      if ('p' in b) return b.p;
      if ('facts' in b) return b.facts.map(([k, v]) => `${k}: ${v}`).join('\n');
      if ('button' in b) return `${b.button.label}: ${b.button.url}`;
      return b.note;
    })
    .join('\n\n');
}

function htmlOf(
  blocks: Block[],
  locale: Locale,
  colors: { accent: string; onAccent: string },
): string {
  const openAddress = escapeHtml(layoutText.in(locale).openAddress);
  return blocks
    .map((b) => {
      if ('p' in b) return `<p style="margin:0 0 16px">${escapeHtml(b.p)}</p>`;
      if ('facts' in b)
        return `<table role="presentation" style="margin:0 0 16px;border-collapse:collapse">${b.facts
          .map(
            ([k, v]) =>
              `<tr><td style="padding:2px 12px 2px 0;color:#555">${escapeHtml(k)}</td><td style="padding:2px 0"><strong>${escapeHtml(v)}</strong></td></tr>`,
          )
          .join('')}</table>`;
      if ('button' in b)
        return `<p style="margin:0 0 16px"><a href="${escapeHtml(b.button.url)}" style="display:inline-block;background:${colors.accent};color:${colors.onAccent};padding:10px 18px;border-radius:6px;text-decoration:none">${escapeHtml(b.button.label)}</a></p><p style="margin:0 0 16px;font-size:12px;color:#555">${openAddress} ${escapeHtml(b.button.url)}</p>`;
      return `<p style="margin:0 0 16px;font-size:12px;color:#555">${escapeHtml(b.note)}</p>`;
    })
    .join('\n');
}

export function buildEmail(content: EmailContent): EmailMessage {
  const subject = oneLine(content.subject);
  const heading = oneLine(content.heading, 200);
  const locale = content.locale ?? 'en';
  const accent = safeColor(content.brand?.accent);
  // Only a checked #rrggbb reaches the styles; its text colour follows lib/brand.ts's rule.
  const colors = accent ? paletteOf(accent) : SERVICE_COLORS;
  const rule = accent ? `;border-bottom:3px solid ${accent};padding-bottom:8px` : '';
  const html = `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(subject)}</title></head><body style="margin:0;padding:24px;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;font-size:15px;line-height:1.5;color:#111"><div style="max-width:560px;margin:0 auto">${brandHeader(content.brand)}<h1 style="font-size:20px;margin:0 0 16px${rule}">${escapeHtml(heading)}</h1>\n${htmlOf(content.blocks, locale, colors)}\n</div></body></html>`;
  return { to: content.to, subject, text: `${heading}\n\n${textOf(content.blocks)}\n`, html };
}
