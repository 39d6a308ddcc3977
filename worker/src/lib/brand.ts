/**
 * An organization's look on the pages and in the messages it sends: its logo and accent colour,
 * and the rule that keeps text on and in that colour readable (WCAG 2.x AA, 4.5:1 for text).
 *
 * The rule: buttons are filled with the accent itself and their text is white when white on it
 * reaches 4.5:1, otherwise black (one of the two always does: every colour gives at least 4.58:1
 * with one of them). Text in the accent on the white card (links, the secondary button) is the
 * accent darkened, in steps towards black, until it reaches 4.5:1 on white; the outline of a focused
 * control stays the page's own. Pure: the pages and the messages share it.
 */

/** What a page or message shows of its organization; every field already checked. */
export interface Brand {
  /** The organization's name, the logo's text alternative. */
  name: string;
  /** An absolute https address (or the server's own) of the logo; null: no logo. */
  logoSrc: string | null;
  /** `#rrggbb`; null: the service's own colours. */
  accent: string | null;
}

/** Exactly `#rrggbb`: the only form an accent colour is stored, accepted or written in. */
export const HEX_COLOR = /^#[0-9a-f]{6}$/;

/** The accent, when it is one (anything else is dropped, never written into CSS). */
export const safeColor = (value: unknown): string | null =>
  typeof value === 'string' && HEX_COLOR.test(value.toLowerCase()) ? value.toLowerCase() : null;

const channel = (hex: string, at: number) => {
  const v = Number.parseInt(hex.slice(at, at + 2), 16) / 255;
  return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
};

/** WCAG relative luminance of `#rrggbb`. */
export function luminance(hex: string): number {
  return 0.2126 * channel(hex, 1) + 0.7152 * channel(hex, 3) + 0.0722 * channel(hex, 5);
}

/** WCAG contrast ratio of two `#rrggbb` colours (1 to 21). */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** Text on filled controls and readable text of the page: 4.5:1. */
export const AA_TEXT = 4.5;

const toHex = (n: number) =>
  Math.max(0, Math.min(255, Math.round(n)))
    .toString(16)
    .padStart(2, '0');

/** `hex` with each channel scaled by `factor` (0: black, 1: itself). */
function darken(hex: string, factor: number): string {
  const parts = [1, 3, 5].map((at) => Number.parseInt(hex.slice(at, at + 2), 16) * factor);
  return `#${parts.map(toHex).join('')}`;
}

export interface Palette {
  /** The fill of buttons and accents: the chosen colour itself. */
  accent: string;
  /** Text on the fill: `#ffffff` or `#000000`, whichever reaches 4.5:1 (white when both do). */
  onAccent: string;
  /** The accent as text on white (links, outlined buttons): darkened until it reaches 4.5:1. */
  accentText: string;
}

/** The rule of this module for one accent colour. */
export function paletteOf(accent: string): Palette {
  const onAccent = contrast(accent, '#ffffff') >= AA_TEXT ? '#ffffff' : '#000000';
  let accentText = accent;
  for (let factor = 0.95; contrast(accentText, '#ffffff') < AA_TEXT && factor > 0; factor -= 0.05)
    accentText = darken(accent, factor);
  if (contrast(accentText, '#ffffff') < AA_TEXT) accentText = '#000000';
  return { accent, onAccent, accentText };
}

const LOGO_CSS = '.brand-logo{display:block;max-height:48px;max-width:200px;margin:0 0 16px}';

/**
 * The pages' CSS for a brand: custom properties from the checked accent and the rules that use
 * them, and the logo's size; empty without either. Only `#rrggbb` values ever reach it.
 */
export function brandCss(brand: Brand | undefined): string {
  if (!brand) return '';
  const logo = brand.logoSrc ? LOGO_CSS : '';
  const color = safeColor(brand.accent);
  if (!color) return logo;
  const p = paletteOf(color);
  return `${logo}
:root{--brand:${p.accent};--on-brand:${p.onAccent};--brand-text:${p.accentText}}
button{background:var(--brand);color:var(--on-brand)}
button.secondary{background:#fff;color:var(--brand-text);border-color:var(--brand-text)}
a{color:var(--brand-text)}
.card{border-top:4px solid var(--brand)}
.notice{border-left-color:var(--brand)}`;
}
