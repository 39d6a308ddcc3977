/**
 * The rule that keeps text on and in an organization's accent colour readable (WCAG 2.x AA: 4.5:1
 * for text), shared by the hosted pages, the messages (worker/src/lib/brand.ts) and the dashboard's
 * preview.
 *
 * Buttons are filled with the accent itself; their text is white when white on it reaches 4.5:1,
 * otherwise black (one of the two always does: every colour gives at least 4.58:1 with one of
 * them). Text in the accent on white (links, outlined buttons) is the accent darkened, channel by
 * channel in steps of 5 %, until it reaches 4.5:1 on white; the pages edge their buttons in it, so
 * that a button in a light accent still stands out from the white card (WCAG 1.4.11, 3:1).
 */

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

/** Text of normal size, WCAG AA. */
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

/** The rule above for one `#rrggbb` accent. */
export function paletteOf(accent: string): Palette {
  const onAccent = contrast(accent, '#ffffff') >= AA_TEXT ? '#ffffff' : '#000000';
  let accentText = accent;
  for (let factor = 0.95; contrast(accentText, '#ffffff') < AA_TEXT && factor > 0; factor -= 0.05)
    accentText = darken(accent, factor);
  if (contrast(accentText, '#ffffff') < AA_TEXT) accentText = '#000000';
  return { accent, onAccent, accentText };
}
