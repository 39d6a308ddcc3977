/**
 * An organization's look on the pages and in the messages it sends: its logo and accent colour.
 * The rule that keeps text on and in that colour readable (WCAG 2.x AA, 4.5:1 for text) is
 * shared/brand-colors.ts, which the dashboard's preview uses too; the outline of a focused control
 * stays the page's own. Pure.
 */
import { paletteOf, safeColor } from '../../../shared/brand-colors';

/** What a page or message shows of its organization; every field already checked. */
export interface Brand {
  /** The organization's name, the logo's text alternative. */
  name: string;
  /** An absolute https address (or the server's own) of the logo; null: no logo. */
  logoSrc: string | null;
  /** `#rrggbb`; null: the service's own colours. */
  accent: string | null;
}

export { contrast, paletteOf, safeColor } from '../../../shared/brand-colors';

const LOGO_CSS = '.brand-logo{display:block;max-height:48px;max-width:200px;margin:0 0 16px}';

/**
 * The pages' CSS for a brand: custom properties from the checked accent and the rules that use
 * them, and the logo's size; empty without either. Only `#rrggbb` values ever reach it. Links take
 * the accent's text colour, which reaches 4.5:1 on white only: inside a notice (its tinted
 * background, the error summary's links) they keep the notice's own text colour.
 */
export function brandCss(brand: Brand | undefined): string {
  if (!brand) return '';
  const logo = brand.logoSrc ? LOGO_CSS : '';
  const color = safeColor(brand.accent);
  if (!color) return logo;
  const p = paletteOf(color);
  return `${logo}
:root{--brand:${p.accent};--on-brand:${p.onAccent};--brand-text:${p.accentText}}
button{background:var(--brand);color:var(--on-brand);border:2px solid var(--brand-text)}
button.secondary{background:#fff;color:var(--brand-text);border-color:var(--brand-text)}
a{color:var(--brand-text)}
.notice a{color:inherit}
.card{border-top:4px solid var(--brand)}
.notice{border-left-color:var(--brand)}`;
}
