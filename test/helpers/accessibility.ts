/**
 * Accessibility checks of a page in real Chromium (docs/ACCESSIBILITY.md): axe-core with its
 * target-size rule on, and what axe does not measure — the contrast of the edges of fields and
 * buttons, stand-alone links' target size, and focus rings found by walking the page with Tab.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** A CSS colour as getComputedStyle writes it (`rgb(…)`, `rgba(…)`) → [r, g, b, alpha]. */
function rgba(css: string): number[] {
  const [r = 0, g = 0, b = 0, a = 1] = (css.match(/[\d.]+/g) ?? []).map(Number);
  return [r, g, b, a];
}

/** The WCAG contrast ratio of two colours, from their relative luminance. */
export function contrast(a: string, b: string): number {
  const luminance = (css: string) => {
    const [r, g, b] = rgba(css).map((v) => {
      const s = v / 255;
      return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const [x, y] = [luminance(a), luminance(b)].sort((m, n) => n - m);
  return (x! + 0.05) / (y! + 0.05);
}

/** axe's findings that fail: `page: rule (impact) help on selectors` lines, none when clean. */
async function axeViolations(page: Page, what: string): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .options({ rules: { 'target-size': { enabled: true } } })
    .analyze();
  const ran = [
    ...results.passes,
    ...results.violations,
    ...results.incomplete,
    ...results.inapplicable,
  ];
  expect(ran.map((r) => r.id)).toContain('target-size');
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical' || v.id === 'target-size')
    .map(
      (v) =>
        `${what}: ${v.id} (${v.impact}) ${v.help} on ${v.nodes
          .map((n) => n.target.join(' '))
          .join(', ')}`,
    );
}

/** In the page: what an element is called in a finding. */
interface Seen {
  name: string;
  /** The colour that shows where a control is (its border, or its background without one). */
  edge: string;
  /** The first opaque background behind the element. */
  behind: string;
}

/**
 * In the page: every enabled, visible field and button with the colour of its edge, and the
 * stand-alone links smaller than 24 × 24 px (alone in a list item, or beside another with only a
 * separator: axe counts any link in a paragraph as inline text, while WCAG 2.5.8's exception is
 * for links inside a sentence). While a modal dialog is open only what is in it counts.
 */
function controlsInPage(): { controls: Seen[]; smallLinks: string[] } {
  const name = (el: Element) =>
    `${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') || (el as HTMLInputElement).labels?.[0]?.textContent || el.textContent || (el as HTMLInputElement).name || '').trim().slice(0, 40)}"`;
  const transparent = (css: string) => css === 'transparent' || /^rgba\(.*, 0\)$/.test(css);
  const behind = (el: Element | null) => {
    for (let e = el; e; e = e.parentElement) {
      const bg = getComputedStyle(e).backgroundColor;
      if (!transparent(bg)) return bg;
    }
    return 'rgb(255, 255, 255)';
  };
  const modal = document.querySelector(':modal');
  const counts = (el: Element) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && (!modal || modal.contains(el));
  };
  const controls: Seen[] = [];
  for (const el of document.querySelectorAll(
    'input:not([type=hidden],[type=checkbox],[type=radio]), select, textarea, button',
  )) {
    // Disabled controls are exempt; a hovered one shows its hover colour, not its edge.
    if (!counts(el) || el.matches(':disabled, :hover')) continue;
    const style = getComputedStyle(el);
    const edge =
      Number.parseFloat(style.borderTopWidth) > 0 && !transparent(style.borderTopColor)
        ? style.borderTopColor
        : style.backgroundColor;
    // A text-only control (a tab, a link-styled button) has no edge to see.
    if (!transparent(edge))
      controls.push({ name: name(el), edge, behind: behind(el.parentElement) });
  }
  const smallLinks: string[] = [];
  for (const a of document.querySelectorAll('a[href]')) {
    if (!counts(a)) continue;
    let rest = a.parentElement!.textContent ?? '';
    for (const link of a.parentElement!.querySelectorAll('a'))
      rest = rest.replace(link.textContent ?? '', '');
    if (!/^[\s·|,]*$/.test(rest)) continue; // a link inside a sentence
    const r = a.getBoundingClientRect();
    if (r.height < 24 || r.width < 24)
      smallLinks.push(`${name(a)}: target ${r.width.toFixed(0)} × ${r.height.toFixed(0)} px`);
  }
  return { controls, smallLinks };
}

/** In the page: the focused element and its focus indicator, or null when nothing is focused. */
function focusedInPage() {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  let behind = 'rgb(255, 255, 255)';
  for (let e = el.parentElement; e; e = e.parentElement) {
    const bg = getComputedStyle(e).backgroundColor;
    if (bg !== 'transparent' && !/^rgba\(.*, 0\)$/.test(bg)) {
      behind = bg;
      break;
    }
  }
  const style = getComputedStyle(el);
  return {
    index: [...document.querySelectorAll('*')].indexOf(el),
    name: `${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') || (el as HTMLInputElement).labels?.[0]?.textContent || el.textContent || (el as HTMLInputElement).name || '').trim().slice(0, 40)}"`,
    outline: style.outlineStyle === 'none' ? 0 : Number.parseFloat(style.outlineWidth),
    auto: style.outlineStyle === 'auto',
    color: style.outlineColor,
    shadow: style.boxShadow !== 'none',
    behind,
  };
}

/**
 * Walks the page with Tab (at most 40 stops, until focus comes round again) and answers the stops
 * whose focus indicator is missing or under 3:1 against what surrounds it.
 */
async function weakFocusRings(page: Page): Promise<string[]> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const problems: string[] = [];
  const seen = new Set<number>();
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    const stop = await page.evaluate(focusedInPage);
    if (!stop || seen.has(stop.index)) break;
    seen.add(stop.index);
    // The browser's own ring (`auto`) draws two colours, one of which stands out on any background.
    if (stop.auto) continue;
    if (stop.outline === 0 && !stop.shadow) problems.push(`${stop.name}: no focus indicator`);
    else if (stop.outline > 0 && contrast(stop.color, stop.behind) < 3)
      problems.push(`${stop.name}: focus ring ${contrast(stop.color, stop.behind).toFixed(2)}:1`);
  }
  return problems;
}

/**
 * Runs axe and the checks axe lacks on the page as it is now and fails on what they find. With
 * `walkFocus` false the page is not walked with Tab (a dialog whose own test does that).
 */
export async function expectAccessible(page: Page, what: string, walkFocus = true): Promise<void> {
  const { controls, smallLinks } = await page.evaluate(controlsInPage);
  const found = [
    ...(await axeViolations(page, what)),
    ...controls
      .filter((c) => contrast(c.edge, c.behind) < 3)
      .map((c) => `${what}: ${c.name}: edge ${contrast(c.edge, c.behind).toFixed(2)}:1`),
    ...smallLinks.map((p) => `${what}: ${p}`),
    ...(walkFocus ? await weakFocusRings(page) : []).map((p) => `${what}: ${p}`),
  ];
  expect(found).toEqual([]);
}
