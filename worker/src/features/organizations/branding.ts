/**
 * An organization's brand as its pages and messages show it (lib/brand.ts: the colour rule and the
 * pages' CSS): the uploaded logo's public address or the https address it chose, and its accent.
 * Everything here comes from the organizations row each page and message reads anyway; the logo's
 * bytes are read only when its address is opened (logo-api.ts).
 */
import type { Context } from 'hono';
import type { OrgSettings } from '../../../../shared/api/orgs';
import { organizations } from '../../db/schema';
import type { AppEnv } from '../../env';
import { type Brand, safeColor } from '../../lib/brand';

/** What a brand is made of: columns of the organizations row. */
export interface BrandSource {
  id: string;
  name: string;
  settings: Pick<OrgSettings, 'accentColor' | 'logoUrl'>;
  logoEtag?: string | null;
}

/** The uploaded logo's path: versioned by its hash, so it may be cached for good. */
export const logoPath = (orgId: string, etag: string) =>
  `/logos/${encodeURIComponent(orgId)}/${encodeURIComponent(etag)}`;

/** An address stored as a logo URL, when it still is one (https, nothing else). */
function safeLogoUrl(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && !url.username && !url.password ? url.href : null;
  } catch {
    return null;
  }
}

/** The brand of an organization, with addresses absolute (messages need them so). */
export function brandOf(publicUrl: string, org: BrandSource): Brand {
  return {
    name: org.name,
    logoSrc: org.logoEtag
      ? `${publicUrl}${logoPath(org.id, org.logoEtag)}`
      : safeLogoUrl(org.settings.logoUrl),
    accent: safeColor(org.settings.accentColor),
  };
}

/**
 * The brand of a hosted page; a logo at another origin is admitted by that page's CSP, and only
 * there (`brandImages`).
 */
export function pageBrand(c: Context<AppEnv>, org: BrandSource): Brand {
  const brand = brandOf(c.var.services.config.publicUrl, org);
  if (brand.logoSrc) {
    // Another origin than the page's: an https logo address, or (in local mode, where a page may be
    // opened at another loopback host) the uploaded logo at PUBLIC_URL.
    const origin = new URL(brand.logoSrc).origin;
    if (origin !== new URL(c.req.url).origin) c.set('brandImageOrigin', origin);
  }
  return brand;
}

/**
 * Headers the app's security headers would otherwise set the same for every answer (mounted before
 * them in app.ts, so it runs after them): a page whose logo lives at another origin (an https one,
 * or PUBLIC_URL's) admits images from that origin alone (a URL's `origin` has no space, quote or
 * semicolon to break out of the directive); an uploaded logo may be embedded anywhere (mail
 * clients, the extension) and is never a document.
 */
export async function brandImages(c: Context<AppEnv>, next: () => Promise<void>) {
  await next();
  const origin = c.get('brandImageOrigin');
  const csp = c.res.headers.get('Content-Security-Policy');
  const admissible =
    origin !== undefined &&
    (/^https:\/\/[a-z0-9.-]+(:\d{1,5})?$/.test(origin) ||
      origin === new URL(c.var.services.config.publicUrl).origin);
  if (admissible && csp)
    c.res.headers.set('Content-Security-Policy', csp.replace(/img-src [^;]*/, `$& ${origin}`));
  if (c.req.path.startsWith('/logos/') && (c.res.status === 200 || c.res.status === 304)) {
    c.res.headers.set('Cross-Origin-Resource-Policy', 'cross-origin');
    c.res.headers.set('Content-Security-Policy', "default-src 'none'; sandbox");
  }
}

/** The columns `brandOf` needs, for the statement a message or page already sends. */
export const brandColumns = {
  id: organizations.id,
  name: organizations.name,
  settings: organizations.settings,
  logoEtag: organizations.logoEtag,
};
