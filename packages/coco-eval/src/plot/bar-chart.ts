import { CHART_CONFIG, type ChartSpec } from './render-chart';

/** One bar, with an optional ± error whisker. */
export interface Bar {
  label: string;
  value: number;
  error?: number;
}

/** Options of {@link barChart}. */
export interface BarChartOptions {
  title: string;
  /** Title of the value axis. */
  valueLabel: string;
  bars: Bar[];
  /** Horizontal bars, in the given order top to bottom (per-class tables); default vertical. */
  horizontal?: boolean;
  /** Fixed value domain, e.g. `[0, 100]`. */
  domain?: [number, number];
  /** Decimals of the value printed at each bar; default 1. */
  decimals?: number;
}

/**
 * Bar chart spec: the value printed at each bar, ± whiskers where `error` is given, bars in the
 * order given. Horizontal bars grow with the number of bars (18 px each), so 80 classes fit.
 *
 * @example
 * ```ts
 * await renderChart(barChart({ title: 'AP', valueLabel: 'AP (%)', bars: [{ label: 'fcos', value: 12.3, error: 0.4 }] }));
 * ```
 */
export function barChart(o: BarChartOptions): ChartSpec {
  const values = o.bars.map((b, i) => ({
    label: b.label,
    order: i,
    value: b.value,
    lo: b.value - (b.error ?? 0),
    hi: b.value + (b.error ?? 0),
    text: Number.isFinite(b.value) ? b.value.toFixed(o.decimals ?? 1) : 'n/a',
  }));
  const cat = {
    field: 'label',
    type: 'nominal' as const,
    title: null,
    sort: o.bars.map((b) => b.label),
    axis: { labelLimit: 300, labelAngle: o.horizontal ? 0 : o.bars.length > 6 ? -30 : 0 },
  };
  const val = {
    field: 'value',
    type: 'quantitative' as const,
    title: o.valueLabel,
    scale: o.domain ? { domain: o.domain } : { zero: true },
    axis: { format: ',~r' },
  };
  const [c, v] = o.horizontal ? (['y', 'x'] as const) : (['x', 'y'] as const);
  const layers: unknown[] = [
    { mark: { type: 'bar', color: '#4e79a7' }, encoding: { [c]: cat, [v]: val } },
    {
      mark: o.horizontal
        ? { type: 'text', align: 'left', dx: 4, fontSize: 10 }
        : { type: 'text', baseline: 'bottom', dy: -4, fontSize: 10 },
      encoding: { [c]: cat, [v]: { ...val, field: 'hi' }, text: { field: 'text' } },
    },
  ];
  if (o.bars.some((b) => b.error !== undefined))
    layers.push({
      mark: { type: 'rule', color: '#333' },
      encoding: { [c]: cat, [v]: { ...val, field: 'lo' }, [`${v}2`]: { field: 'hi' } },
    });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: o.title,
    config: CHART_CONFIG,
    ...(o.horizontal
      ? { width: 420, height: Math.max(60, 18 * o.bars.length) }
      : { width: Math.max(160, 80 * o.bars.length), height: 300 }),
    data: { values },
    layer: layers,
  } as ChartSpec;
}
