import type { TopLevelSpec } from 'vega-lite';
import { svgToPng, type SvgToPngOptions } from './resvg';

/** A chart: a Vega-Lite specification, as the builders in this module return. */
export type ChartSpec = TopLevelSpec;

/** Figure defaults shared by every chart: one font (the one resvg is given), white ground. */
export const CHART_CONFIG = {
  font: 'DejaVu Sans',
  background: 'white',
  axis: { labelFontSize: 11, titleFontSize: 12, grid: true, gridColor: '#e6e6e6' },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 260 },
  title: { fontSize: 14, anchor: 'start' as const },
  view: { stroke: '#888' },
};

/**
 * Renders a chart to SVG: Vega-Lite compiles the spec to Vega, a headless Vega view draws it.
 * Needs the optional peers `vega` and `vega-lite`; without them it rejects with an error that says
 * what to install.
 *
 * @example
 * ```ts
 * const svg = await chartToSvg(lineChart({ title: 'loss', xLabel: 'iteration', yLabel: 'loss', series }));
 * ```
 */
export async function chartToSvg(spec: ChartSpec): Promise<string> {
  let vl: typeof import('vega-lite');
  let vega: typeof import('vega');
  try {
    [vl, vega] = await Promise.all([import('vega-lite'), import('vega')]);
  } catch {
    throw new Error(
      '@aligndet/coco-eval/plot: charts need the packages vega and vega-lite (npm install vega@5 vega-lite@5)',
    );
  }
  const vlMod = ((vl as { default?: typeof vl }).default ?? vl) as typeof vl;
  const vegaMod = ((vega as { default?: typeof vega }).default ?? vega) as typeof vega;
  const compiled = vlMod.compile(spec).spec;
  const view = new vegaMod.View(vegaMod.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * Renders a chart to SVG and, when `@resvg/resvg-js` is installed, to PNG (`png` is null otherwise).
 *
 * @example
 * ```ts
 * const { svg, png } = await renderChart(barChart({ title: 'AP', valueLabel: 'AP (%)', bars }));
 * ```
 */
export async function renderChart(
  spec: ChartSpec,
  options: SvgToPngOptions = {},
): Promise<{ svg: string; png: Uint8Array | null }> {
  const svg = await chartToSvg(spec);
  return { svg, png: await svgToPng(svg, options) };
}
