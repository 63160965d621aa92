/**
 * Tableau 20 (Tableau's categorical palette, also vega's `tableau20` scheme), reordered so the first ten
 * are its saturated colours: neighbouring class indices get clearly different hues.
 */
export const CLASS_COLORS: readonly string[] = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
  '#a0cbe8',
  '#ffbe7d',
  '#ff9d9a',
  '#86bcb6',
  '#8cd17d',
  '#f1ce63',
  '#d4a6c8',
  '#fabfd2',
  '#d7b5a6',
  '#79706e',
];

/** The colour of class `index` (cycling through {@link CLASS_COLORS}). */
export function classColor(index: number): string {
  const n = CLASS_COLORS.length;
  return CLASS_COLORS[((index % n) + n) % n]!;
}

/** `#rrggbb` → `[r, g, b]` in 0…255. */
export function parseHexColor(hex: string): [number, number, number] {
  const v = Number.parseInt(hex.replace('#', ''), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

/** WCAG 2 relative luminance of an sRGB colour. */
function luminance([r, g, b]: [number, number, number]): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** WCAG 2 contrast ratio of two luminances. */
const contrast = (a: number, b: number) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);

/**
 * Black or white, whichever has the higher WCAG 2 contrast ratio on `background` (`#rrggbb`), so
 * a tag's text stays readable on every class colour.
 *
 * @example
 * ```ts
 * textColorOn('#4e79a7'); // '#ffffff'
 * textColorOn('#edc948'); // '#000000'
 * ```
 */
export function textColorOn(background: string): '#000000' | '#ffffff' {
  const l = luminance(parseHexColor(background));
  return contrast(l, 0) >= contrast(l, 1) ? '#000000' : '#ffffff';
}
