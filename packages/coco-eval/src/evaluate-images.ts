import { bboxIou } from './bbox-iou';
import type { GroundTruth } from './ground-truth';
import type { CocoEvalParams } from './params';
import type { Detections } from './results';

/** Per-detection outcome at one IoU threshold (accumulation input). */
export const DT_FP = 0;
export const DT_TP = 1;
export const DT_IGNORED = 2;

/**
 * Everything accumulation needs for one (category, area range): the evaluated detections of every
 * image, concatenated in image order (each image's in descending-score order, at most
 * `maxDets[-1]`), and the number of non-ignored GT boxes.
 */
export interface AreaEvaluation {
  /** Detection scores, concatenated over images. */
  scores: number[];
  /** Rank of each detection within its image (0 = best), for the maxDets cut. */
  ranks: number[];
  /** `[T][n]` outcome per IoU threshold: DT_FP, DT_TP or DT_IGNORED. */
  outcomes: number[][];
  /** Number of non-ignored GT boxes (pycocotools `npig`). */
  numGt: number;
}

/** Stable order of `idx` by descending score (numpy mergesort of −score). */
function byScore(idx: number[], score: Float64Array): number[] {
  return idx
    .map((v, pos) => [v, pos] as const)
    .sort((a, b) => score[b[0]]! - score[a[0]]! || a[1] - b[1])
    .map(([v]) => v);
}

/**
 * Evaluates one (image, category) group for every area range — pycocotools' `computeIoU` +
 * `evaluateImg` — appending its detections to `out[a]`. `gtIdx`/`dtIdx` index the ground truth and
 * detections in pycocotools' list order.
 */
export function evaluateGroup(
  gt: GroundTruth,
  dt: Detections,
  gtIdx: number[],
  dtIdx: number[],
  p: CocoEvalParams,
  out: AreaEvaluation[],
): void {
  const maxDet = p.maxDets[p.maxDets.length - 1]!;
  const dts = byScore(dtIdx, dt.score).slice(0, maxDet);
  const G = gtIdx.length;
  const D = dts.length;
  const T = p.iouThrs.length;
  // IoU matrix [D, G] in the original GT order
  const ious = new Float64Array(D * G);
  for (let d = 0; d < D; d++)
    for (let g = 0; g < G; g++)
      ious[d * G + g] = bboxIou(dt.bbox, dts[d]!, gt.bbox, gtIdx[g]!, gt.iscrowd[gtIdx[g]!] === 1);
  const gtOrder = new Int32Array(G);
  const gtIgnore = new Uint8Array(G);
  const gtMatched = new Float64Array(G); // matched detection id (0 = none), per threshold
  for (let a = 0; a < p.areaRng.length; a++) {
    const [lo, hi] = p.areaRng[a]!;
    // gt sorted with ignored last (stable)
    let k = 0;
    for (let pass = 0; pass < 2; pass++)
      for (let g = 0; g < G; g++) {
        const j = gtIdx[g]!;
        const ign = gt.iscrowd[j] === 1 || gt.area[j]! < lo || gt.area[j]! > hi ? 1 : 0;
        if (ign === pass) {
          gtOrder[k] = g;
          gtIgnore[k++] = ign;
        }
      }
    const o = out[a]!;
    let numGt = 0;
    for (let g = 0; g < G; g++) if (!gtIgnore[g]) numGt++;
    o.numGt += numGt;
    const base = o.scores.length;
    for (let d = 0; d < D; d++) {
      o.scores.push(dt.score[dts[d]!]!);
      o.ranks.push(d);
    }
    for (let t = 0; t < T; t++) {
      const thr = Math.min(p.iouThrs[t]!, 1 - 1e-10);
      gtMatched.fill(0);
      const row = o.outcomes[t]!;
      for (let d = 0; d < D; d++) {
        let iou = thr;
        let m = -1;
        for (let gi = 0; gi < G; gi++) {
          const g = gtOrder[gi]!;
          const crowd = gt.iscrowd[gtIdx[g]!] === 1;
          if (gtMatched[gi]! > 0 && !crowd) continue;
          if (m > -1 && gtIgnore[m] === 0 && gtIgnore[gi] === 1) break;
          const v = ious[d * G + g]!;
          if (v < iou) continue;
          iou = v;
          m = gi;
        }
        const dId = dts[d]! + 1; // loadRes ids are 1-based positions
        let outcome: number;
        if (m === -1) {
          outcome = DT_FP;
        } else {
          gtMatched[m] = dId;
          const gtId = gt.id[gtIdx[gtOrder[m]!]!]!;
          // dtMatches holds the GT id: a GT with id 0 reads as "unmatched" in pycocotools
          outcome = gtIgnore[m] ? DT_IGNORED : gtId !== 0 ? DT_TP : DT_FP;
        }
        if (outcome === DT_FP) {
          const area = dt.area[dts[d]!]!;
          if (area < lo || area > hi) outcome = DT_IGNORED;
        }
        row[base + d] = outcome;
      }
    }
  }
}
