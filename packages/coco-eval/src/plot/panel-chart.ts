import { logTicks } from './log-ticks';
import { CHART_CONFIG, type ChartSpec } from './render-chart';

/** One small chart of a {@link panelChart}: a metric over the x axis. */
export interface Panel {
  title: string;
  points: Array<[number, number]>;
  /** Log y axis (losses). */
  logY?: boolean;
  /** Draw the moving average (default true; off for schedules such as the learning rate). */
  smooth?: boolean;
}

/**
 * A grid of small line charts, one metric each, with a dotted moving average over 5 % of the
 * points beside the raw line (the one-picture training summary, in the spirit of Ultralytics'
 * `results.png`). Panels without finite points are left out.
 *
 * @example
 * ```ts
 * await renderChart(panelChart('training', 'iteration', [{ title: 'loss', points, logY: true }, { title: 'AP', points: ap }]));
 * ```
 */
export function panelChart(title: string, xLabel: string, panels: Panel[], columns = 4): ChartSpec {
  const charts = panels
    .map((p) => ({
      p,
      values: p.points
        .filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y) && (!p.logY || y > 0))
        .map(([x, y]) => ({ x, y })),
    }))
    .filter((c) => c.values.length > 0)
    .map(({ p, values }) => {
      const half = Math.max(1, Math.round(values.length * 0.025));
      const x = { field: 'x', type: 'quantitative', title: xLabel, axis: { format: ',~r', tickCount: 4 } };
      const y = {
        field: 'y',
        type: 'quantitative',
        title: null,
        scale: p.logY ? { type: 'log', nice: false } : { zero: false },
        // log axes: our own values, each labelled (see logTicks)
        axis: p.logY
          ? { values: logTicks(values.map((v) => v.y)), labelExpr: "format(datum.value, '~g')" }
          : { format: ',~r', tickCount: 5 },
      };
      return {
        title: { text: p.title, fontSize: 12 },
        width: 200,
        height: 140,
        data: { values },
        layer: [
          {
            mark: { type: 'line', color: '#4e79a7', strokeWidth: 1.4, point: values.length <= 20 },
            encoding: { x, y },
          },
          ...(values.length >= 10 && p.smooth !== false
            ? [
                {
                  transform: [
                    {
                      window: [{ op: 'mean', field: 'y', as: 'smooth' }],
                      frame: [-half, half],
                      sort: [{ field: 'x' }],
                    },
                  ],
                  mark: { type: 'line', color: '#f28e2b', strokeDash: [3, 2], strokeWidth: 1.6 },
                  encoding: { x, y: { ...y, field: 'smooth' } },
                },
              ]
            : []),
        ],
      };
    });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title,
    config: CHART_CONFIG,
    columns,
    concat: charts,
  } as ChartSpec;
}
