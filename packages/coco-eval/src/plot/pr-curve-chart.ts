import type { CocoEvalResult } from '../evaluate-coco';
import { lineChart, type Series } from './line-chart';
import type { ChartSpec } from './render-chart';

/** A precision–recall curve to draw (as {@link PrCurve} from `prCurves`, plus a legend name). */
export interface NamedPrCurve {
  name: string;
  recall: number[];
  precision: number[];
}

/**
 * PR-curve chart spec: precision over recall, both on [0, 1], one line per curve.
 *
 * @example
 * ```ts
 * const curves = prCurves(result, { iouThreshold: 0.5 }).map((c) => ({ ...c, name: c.categoryName ?? String(c.categoryId) }));
 * await renderChart(prCurveChart(curves, 'PR curves at IoU 0.50'));
 * ```
 */
export function prCurveChart(curves: NamedPrCurve[], title = 'precision–recall'): ChartSpec {
  if (!Array.isArray(curves) || curves.length === 0)
    throw new Error(
      `prCurveChart: curves: expected a non-empty list of PR curves, got ${JSON.stringify(curves)}`,
    );
  const series: Series[] = curves.map((c) => ({
    name: c.name,
    points: c.recall.map((r, i) => [r, c.precision[i]!] as [number, number]),
  }));
  return lineChart({
    title,
    xLabel: 'recall',
    yLabel: 'precision',
    series,
    yDomain: [0, 1],
    width: 420,
    height: 360,
  });
}

/**
 * Mean PR curve over the categories (those with ground truth) at each IoU threshold, area `all`,
 * the largest maxDets: how precision falls as the match criterion tightens.
 *
 * @example
 * ```ts
 * await renderChart(prCurveChart(meanPrCurvesByIou(evaluateCoco(gt, dt)), 'mean PR per IoU'));
 * ```
 */
export function meanPrCurvesByIou(result: CocoEvalResult): NamedPrCurve[] {
  const { T, R, K, A, M } = result.shape;
  const a = result.params.areaRngLbl.indexOf('all');
  const out: NamedPrCurve[] = [];
  if (a < 0) return out;
  for (let t = 0; t < T; t++) {
    const precision: number[] = [];
    for (let r = 0; r < R; r++) {
      let s = 0;
      let n = 0;
      for (let k = 0; k < K; k++) {
        const v = result.precision[(((t * R + r) * K + k) * A + a) * M + M - 1]!;
        if (v > -1) {
          s += v;
          n++;
        }
      }
      precision.push(n ? s / n : Number.NaN);
    }
    if (precision.every(Number.isNaN)) continue;
    out.push({
      name: `IoU ${result.params.iouThrs[t]!.toFixed(2)}`,
      recall: [...result.params.recThrs],
      precision,
    });
  }
  return out;
}
