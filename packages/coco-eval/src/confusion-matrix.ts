import { bboxIou } from './bbox-iou';
import type { GroundTruth } from './ground-truth';
import type { Detections } from './results';

/** Options of {@link confusionMatrix}. */
export interface ConfusionMatrixOptions {
  /** A detection and a GT box match when their IoU is at least this. Default 0.5. */
  iouThreshold?: number;
  /** Detections scoring below this are left out. Default 0.25. */
  scoreThreshold?: number;
}

/** Counts of (true class, predicted class) pairs, with a last "background" row and column. */
export interface ConfusionMatrix {
  /** Category ids of rows and columns 0…C−1 (the GT's, sorted). */
  categoryIds: number[];
  /** Their names (the id as text where the GT has none), then `background`. */
  labels: string[];
  /**
   * `[C + 1][C + 1]`: `counts[t][p]` = GT boxes of class t matched to a detection of class p;
   * row C = detections that match no GT (false positives), column C = GT boxes no detection
   * matched (missed).
   */
  counts: number[][];
  iouThreshold: number;
  scoreThreshold: number;
}

/**
 * Confusion matrix of detections against ground truth, per image and class-agnostic: detections
 * scoring at least `scoreThreshold` and non-crowd GT boxes with IoU ≥ `iouThreshold` are paired
 * greedily, highest IoU first, each box at most once; detections that only overlap a crowd region
 * are ignored, as in the COCO evaluation. Detections of categories the GT does not declare are left out.
 *
 * @example
 * ```ts
 * const gt = loadCocoGroundTruth('instances_val.json');
 * const cm = confusionMatrix(gt, loadCocoResults('results.json', gt), { iouThreshold: 0.5, scoreThreshold: 0.25 });
 * cm.counts[0][0]; // class 0 found as class 0
 * ```
 */
export function confusionMatrix(
  gt: GroundTruth,
  dt: Detections,
  options: ConfusionMatrixOptions = {},
): ConfusionMatrix {
  const iouThreshold = options.iouThreshold ?? 0.5;
  const scoreThreshold = options.scoreThreshold ?? 0.25;
  const C = gt.categoryIds.length;
  const catIndex = new Map(gt.categoryIds.map((id, i) => [id, i]));
  const counts = Array.from({ length: C + 1 }, () => new Array<number>(C + 1).fill(0));
  const byImage = new Map<number, { g: number[]; d: number[] }>();
  const entry = (img: number) => {
    let e = byImage.get(img);
    if (!e) {
      e = { g: [], d: [] };
      byImage.set(img, e);
    }
    return e;
  };
  for (let g = 0; g < gt.count; g++) if (catIndex.has(gt.categoryId[g]!)) entry(gt.imageId[g]!).g.push(g);
  for (let d = 0; d < dt.count; d++)
    if (dt.score[d]! >= scoreThreshold && catIndex.has(dt.categoryId[d]!)) entry(dt.imageId[d]!).d.push(d);
  for (const { g: gs, d: ds } of byImage.values()) {
    const pairs: Array<[number, number, number]> = [];
    const crowdHit = new Set<number>();
    for (const g of gs)
      for (const d of ds) {
        const crowd = gt.iscrowd[g] === 1;
        const iou = bboxIou(dt.bbox, d, gt.bbox, g, crowd);
        if (iou < iouThreshold) continue;
        if (crowd) crowdHit.add(d);
        else pairs.push([iou, g, d]);
      }
    pairs.sort((a, b) => b[0] - a[0] || a[1] - b[1] || a[2] - b[2]);
    const gUsed = new Set<number>();
    const dUsed = new Set<number>();
    for (const [, g, d] of pairs) {
      if (gUsed.has(g) || dUsed.has(d)) continue;
      gUsed.add(g);
      dUsed.add(d);
      counts[catIndex.get(gt.categoryId[g]!)!]![catIndex.get(dt.categoryId[d]!)!]!++;
    }
    for (const g of gs)
      if (gt.iscrowd[g] !== 1 && !gUsed.has(g)) counts[catIndex.get(gt.categoryId[g]!)!]![C]!++;
    for (const d of ds)
      if (!dUsed.has(d) && !crowdHit.has(d)) counts[C]![catIndex.get(dt.categoryId[d]!)!]!++;
  }
  return {
    categoryIds: [...gt.categoryIds],
    labels: [...gt.categoryIds.map((id) => gt.categoryNames.get(id) ?? String(id)), 'background'],
    counts,
    iouThreshold,
    scoreThreshold,
  };
}
