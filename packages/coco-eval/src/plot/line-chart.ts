import { logTicks } from './log-ticks';
import { CHART_CONFIG, type ChartSpec } from './render-chart';

/** One curve: a name (legend entry) and `[x, y]` points. */
export interface Series {
  name: string;
  points: Array<[number, number]>;
}

/** Options of {@link lineChart}. */
export interface LineChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  /** Logarithmic y axis (loss curves). Default false. */
  logY?: boolean;
  /** Fixed y domain, e.g. `[0, 1]` for precision. */
  yDomain?: [number, number];
  /** Plot area size in px; default 560 × 320. */
  width?: number;
  height?: number;
}

/**
 * Line chart spec: one coloured line per series with a legend, thousands separators on the axes
 * (`1,500`, never `1.5e+3`), log axes labelled at 1-2-5 steps. Non-finite points (and ≤ 0 on a
 * log axis) are dropped.
 *
 * @example
 * ```ts
 * const { svg, png } = await renderChart(lineChart({ title: 'loss', xLabel: 'iteration', yLabel: 'loss', logY: true,
 *   series: [{ name: 'total', points: [[20, 2.1], [40, 1.6]] }] }));
 * ```
 */
export function lineChart(o: LineChartOptions): ChartSpec {
  const values = o.series.flatMap((s) =>
    s.points
      .filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y) && (!o.logY || y > 0))
      .map(([x, y]) => ({ series: s.name, x, y })),
  );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: o.title,
    width: o.width ?? 560,
    height: o.height ?? 320,
    config: CHART_CONFIG,
    data: { values },
    mark: { type: 'line', point: values.length <= 20 * o.series.length, strokeWidth: 1.8, clip: true },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: o.xLabel, axis: { format: ',~r' } },
      y: {
        field: 'y',
        type: 'quantitative',
        title: o.yLabel,
        scale: o.logY
          ? { type: 'log', nice: true }
          : { zero: false, ...(o.yDomain ? { domain: o.yDomain } : {}) },
        axis: o.logY
          ? {
              format: '~g',
              values: logTicks(
                values.map((v) => v.y),
                { wholeDecades: true },
              ),
            }
          : { format: ',~r' },
      },
      color: {
        field: 'series',
        type: 'nominal',
        title: null,
        sort: o.series.map((s) => s.name),
        scale: { scheme: o.series.length > 10 ? 'tableau20' : 'tableau10' },
        legend: { orient: o.series.length > 12 ? 'bottom' : 'right', columns: o.series.length > 12 ? 4 : 1 },
      },
    },
  } as ChartSpec;
}
