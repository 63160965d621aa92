import { importResvg } from '#load-resvg';
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

const fontOptions = (o: SvgToPngOptions) => ({
  loadSystemFonts: true,
  fontFiles: o.fontFiles ?? [],
  defaultFontFamily: 'DejaVu Sans',
  sansSerifFamily: 'DejaVu Sans',
});

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
  return new resvg.Resvg(svg, { font: fontOptions(options), background: options.background ?? 'white' })
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
      const box = new resvg.Resvg(svg, { font: fontOptions(options) }).getBBox();
      w = box ? (box.x + box.width) / size : 0;
      cache.set(text, w);
    }
    return w * fontSize;
  };
}
