import { importResvg } from '#load-resvg';
import { dejaVuSansFiles } from '#system-fonts';
import type { MeasureText } from './text-width';

/** The `@resvg/resvg-js` module. */
export type ResvgModule = typeof import('@resvg/resvg-js');

let loaded: Promise<ResvgModule | null> | undefined;

/** `@resvg/resvg-js` when it is installed (an optional peer dependency) under Node, else null. */
export function loadResvg(): Promise<ResvgModule | null> {
  loaded ??= importResvg();
  return loaded;
}

/**
 * The font families every figure asks for, in order: DejaVu Sans (Latin, Greek, Cyrillic), then
 * common CJK faces; resvg falls back per character to any installed font that has the glyph.
 */
export const FONT_FAMILY =
  "'DejaVu Sans', 'Noto Sans', 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', 'WenQuanYi Zen Hei', 'Droid Sans Fallback', sans-serif";

/** Options of {@link svgToPng}. */
export interface SvgToPngOptions {
  /** Extra font files (TTF/OTF), e.g. a CJK font, beside the system fonts. */
  fontFiles?: string[];
  /** Background colour; default white. Detection overlays cover it with the image. */
  background?: string;
}

/** A character DejaVu Sans may lack (it covers Latin, Greek and Cyrillic, up to U+04FF). */
const BEYOND_DEJAVU_SANS = /[^\t\n\r\u0020-\u04ff]/;
const FONT_FAMILY_VALUE = /font-family\s*[:=]\s*"?([^";>]*)/g;

/** True when every `font-family` in `svg` asks for DejaVu Sans (or sans-serif) first. */
function asksForDejaVuSans(svg: string): boolean {
  for (const m of svg.matchAll(FONT_FAMILY_VALUE)) {
    const first = m[1]!
      .split(',')[0]!
      .replace(/&quot;|&#39;|&apos;|['"]/g, '')
      .trim();
    if (first !== 'DejaVu Sans' && first !== 'sans-serif') return false;
  }
  return true;
}

/**
 * resvg parses every font it is given for each picture, so loading all system fonts costs more
 * than drawing. A picture whose text DejaVu Sans draws entirely (our figures' first family, and
 * the fallback resvg would pick for it anyway) gets only the DejaVu Sans files; anything else
 * (CJK names, other scripts, other families) gets all system fonts, so per-character fallback
 * still finds a glyph.
 */
export const fontOptions = (svg: string, o: SvgToPngOptions = {}) => {
  const dejaVu = BEYOND_DEJAVU_SANS.test(svg) || !asksForDejaVuSans(svg) ? null : dejaVuSansFiles();
  return {
    loadSystemFonts: dejaVu === null,
    fontFiles: [...(dejaVu ?? []), ...(o.fontFiles ?? [])],
    defaultFontFamily: 'DejaVu Sans',
    sansSerifFamily: 'DejaVu Sans',
  };
};

/**
 * Rasterises SVG to PNG with `@resvg/resvg-js` at the SVG's own width and height; resolves to null
 * when resvg is not installed, so callers keep the SVG.
 *
 * @example
 * ```ts
 * const png = await svgToPng(svg);
 * if (png) writeFileSync('chart.png', png);
 * ```
 */
export async function svgToPng(svg: string, options: SvgToPngOptions = {}): Promise<Uint8Array | null> {
  const resvg = await loadResvg();
  return resvg && rasterizeSvg(resvg, svg, options);
}

/**
 * {@link svgToPng} with an already loaded resvg module, synchronously (for callers that load the
 * module once, e.g. with `createRequire` in Node).
 */
export function rasterizeSvg(resvg: ResvgModule, svg: string, options: SvgToPngOptions = {}): Uint8Array {
  return new resvg.Resvg(svg, { font: fontOptions(svg, options), background: options.background ?? 'white' })
    .render()
    .asPng();
}

const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A text measurer that lays the text out with resvg and the fonts the PNG will use. Widths are
 * cached per string.
 *
 * @example
 * ```ts
 * const resvg = await loadResvg();
 * const measure = resvg ? resvgTextMeasure(resvg) : estimateTextWidth;
 * measure('café 自行车', 14); // px
 * ```
 */
export function resvgTextMeasure(resvg: ResvgModule, options: SvgToPngOptions = {}): MeasureText {
  const cache = new Map<string, number>();
  const size = 100;
  return (text, fontSize) => {
    let w = cache.get(text);
    if (w === undefined) {
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${size * (text.length + 2)}" height="${2 * size}"><text x="0" y="${size}" font-size="${size}" font-family="${FONT_FAMILY}">${escapeText(text)}</text></svg>`;
      const box = new resvg.Resvg(svg, { font: fontOptions(svg, options) }).getBBox();
      w = box ? (box.x + box.width) / size : 0;
      cache.set(text, w);
    }
    return w * fontSize;
  };
}
