import type { PrCurve } from '@aligndet/coco-eval';
import { lineChartSvg } from '@aligndet/trainer';

/**
 * An SVG chart of per-category precision–recall curves as `aligndet-coco-eval --pr-curves` writes
 * them (pycocotools' interpolated precision at the 101 recall thresholds). The legend gives each
 * category's AP at the curves' IoU threshold: the mean of its 101 precision values.
 *
 * @example
 * ```ts
 * writeFileSync('pr.svg', prCurvesSvg(JSON.parse(readFileSync('pr.json', 'utf8'))));
 * ```
 */
export function prCurvesSvg(curves: PrCurve[], title?: string): string {
  if (!Array.isArray(curves) || curves.length === 0)
    throw new Error(
      `prCurvesSvg: curves: expected a non-empty list of PR curves, got ${JSON.stringify(curves)}`,
    );
  const iou = curves[0]!.iouThreshold;
  return lineChartSvg({
    title: title ?? `precision–recall at IoU ${iou}`,
    xLabel: 'recall',
    yLabel: 'precision',
    series: curves.map((c) => {
      const ap = c.precision.reduce((s, p) => s + p, 0) / c.precision.length;
      return {
        name: `${c.categoryName ?? c.categoryId} (AP ${ap.toFixed(3)})`,
        points: c.recall.map((r, i) => [r, c.precision[i]!] as [number, number]),
      };
    }),
  });
}
