import type { CocoEvalResult } from './evaluate-coco';

/** A precision–recall curve of one category at one IoU threshold (area all, largest maxDets). */
export interface PrCurve {
  categoryId: number;
  categoryName?: string;
  iouThreshold: number;
  recall: number[];
  precision: number[];
  /** Detection score at each recall threshold. */
  score: number[];
}

/**
 * Per-category PR curves from an evaluation (interpolated precision at each recall threshold, as
 * pycocotools stores it), ready to write as JSON or plot. Categories without GT are skipped.
 *
 * @example
 * ```ts
 * writeFileSync('pr.json', JSON.stringify(prCurves(result, { iouThreshold: 0.5 })));
 * ```
 */
export function prCurves(
  result: CocoEvalResult,
  options: { iouThreshold?: number; areaLabel?: string; names?: Map<number, string> } = {},
): PrCurve[] {
  const p = result.params;
  const { T, R, K, A, M } = result.shape;
  const t = p.iouThrs.findIndex((v) => v === (options.iouThreshold ?? 0.5));
  const a = p.areaRngLbl.indexOf(options.areaLabel ?? 'all');
  if (t < 0 || a < 0 || T === 0) return [];
  const m = M - 1;
  const out: PrCurve[] = [];
  for (let k = 0; k < K; k++) {
    const at = (r: number) => (((t * R + r) * K + k) * A + a) * M + m;
    if (result.precision[at(0)]! < 0) continue;
    const categoryId = p.useCats ? p.catIds[k]! : -1;
    out.push({
      categoryId,
      categoryName: options.names?.get(categoryId),
      iouThreshold: p.iouThrs[t]!,
      recall: [...p.recThrs],
      precision: p.recThrs.map((_, r) => result.precision[at(r)]!),
      score: p.recThrs.map((_, r) => result.scores[at(r)]!),
    });
  }
  return out;
}
