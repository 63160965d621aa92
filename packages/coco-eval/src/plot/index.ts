/**
 * @packageDocumentation
 * Figures for detection results, without tfjs: charts (Vega-Lite specs rendered by vega to SVG,
 * and by `@resvg/resvg-js` to PNG) and detection / ground-truth overlays drawn at an image's own
 * resolution with real fonts. `vega`, `vega-lite` and `@resvg/resvg-js` are optional peers.
 *
 * @example
 * ```ts
 * import { evaluateCoco, prCurves } from '@aligndet/coco-eval';
 * import { prCurveChart, renderChart } from '@aligndet/coco-eval/plot';
 * const curves = prCurves(evaluateCoco(gt, dt)).map((c) => ({ ...c, name: String(c.categoryId) }));
 * const { svg, png } = await renderChart(prCurveChart(curves));
 * ```
 */
export type { Bar, BarChartOptions } from './bar-chart';
export { barChart } from './bar-chart';
export { CLASS_COLORS, classColor, textColorOn } from './colors';
export { confusionMatrixChart } from './confusion-matrix-chart';
export type { LineChartOptions, Series } from './line-chart';
export { lineChart } from './line-chart';
export type { OverlayBox, OverlayLayout, OverlayLayoutOptions, PlacedTag } from './overlay-layout';
export { layoutOverlay } from './overlay-layout';
export type { RgbImage } from './overlay-raster';
export { rasterizeOverlay } from './overlay-raster';
export { escapeXml, overlaySvg } from './overlay-svg';
export type { Panel } from './panel-chart';
export { panelChart } from './panel-chart';
export type { NamedPrCurve } from './pr-curve-chart';
export { meanPrCurvesByIou, prCurveChart } from './pr-curve-chart';
export type { ChartSpec } from './render-chart';
export { chartToSvg, renderChart } from './render-chart';
export type { ResvgModule, SvgToPngOptions } from './resvg';
export { FONT_FAMILY, loadResvg, rasterizeSvg, resvgTextMeasure, svgToPng } from './resvg';
export type { MeasureText } from './text-width';
export { estimateTextWidth } from './text-width';
