import { bboxIou } from './bbox-iou';
import type { GroundTruth } from './ground-truth';
import type { CocoEvalParams } from './params';
import type { Detections } from './results';

/** Per-detection outcome at one IoU threshold (accumulation input). */
export const DT_FP = 0;
export const DT_TP = 1;
export const DT_IGNORED = 2;

/**
 * Everything accumulation needs for one category (or the pooled "category" with useCats = 0): its
 * evaluated detections over all images, concatenated in image order (each image's in descending
 * score order, at most `maxDets[-1]`), their outcomes per area range and IoU threshold, and the
 * number of non-ignored GT boxes per area range.
 */
export interface CategoryEvaluation {
  /** Detections written so far. */
  n: number;
  scores: Float64Array;
  /** Rank of each detection within its image (0 = best), for the maxDets cut. */
  ranks: Int32Array;
  /** `[A, T, capacity]`: DT_FP, DT_TP or DT_IGNORED. */
  outcomes: Uint8Array;
  /** `[A, capacity]`: 1 when the detection is not DT_IGNORED at some IoU threshold. */
  counted: Uint8Array;
  capacity: number;
  /** `[A]` non-ignored GT boxes (pycocotools `npig`). */
  numGt: Int32Array;
}

/** Allocates the evaluation of one category for `capacity` detections. */
export function allocCategoryEvaluation(capacity: number, A: number, T: number): CategoryEvaluation {
  return {
    n: 0,
    scores: new Float64Array(capacity),
    ranks: new Int32Array(capacity),
    outcomes: new Uint8Array(A * T * capacity),
    counted: new Uint8Array(A * capacity),
    capacity,
    numGt: new Int32Array(A),
  };
}

// scratch buffers reused across groups (no allocation per (image, category))
let scratchDt = new Int32Array(256);
let scratchIou = new Float64Array(4096);
let scratchG = new Int32Array(64);
let scratchIgn = new Uint8Array(64);
let scratchMatched = new Uint8Array(64);
let scratchCrowd = new Uint8Array(64);
let scratchBest = new Float64Array(256);
let scratchFpAs = new Uint8Array(256);
let scratchMatch = new Uint8Array(1024);
let patternOf = new Int32Array(8);

function ensure(D: number, G: number, A: number, T: number): void {
  if (scratchDt.length < D) {
    scratchDt = new Int32Array(2 * D);
    scratchBest = new Float64Array(2 * D);
    scratchFpAs = new Uint8Array(2 * D);
  }
  if (scratchIou.length < D * G) scratchIou = new Float64Array(2 * D * G);
  if (scratchMatch.length < A * T * D) scratchMatch = new Uint8Array(2 * A * T * D);
  if (patternOf.length < A) patternOf = new Int32Array(A);
  if (scratchG.length < G) {
    scratchG = new Int32Array(2 * G);
    scratchIgn = new Uint8Array(2 * G);
    scratchMatched = new Uint8Array(2 * G);
    scratchCrowd = new Uint8Array(2 * G);
  }
}

/**
 * Evaluates one (image, category) group for every area range — pycocotools' `computeIoU` +
 * `evaluateImg` — and appends its detections to `ev`. `gtItems[g0..g1)` and `dtItems[d0..d1)`
 * index the ground truth and detections in pycocotools' list order.
 */
export function evaluateGroup(
  gt: GroundTruth,
  dt: Detections,
  gtItems: Int32Array,
  g0: number,
  g1: number,
  dtItems: Int32Array,
  d0: number,
  d1: number,
  p: CocoEvalParams,
  ev: CategoryEvaluation,
): void {
  const G = g1 - g0;
  const nAll = d1 - d0;
  ensure(nAll, G, p.areaRng.length, p.iouThrs.length);
  const maxDet = p.maxDets[p.maxDets.length - 1]!;
  // detections by descending score, stable (numpy mergesort of -score); insertion sort: groups are small
  const dts = scratchDt;
  const score = dt.score;
  for (let i = 0; i < nAll; i++) {
    const v = dtItems[d0 + i]!;
    const s = score[v]!;
    let j = i - 1;
    while (j >= 0 && score[dts[j]!]! < s) {
      dts[j + 1] = dts[j]!;
      j--;
    }
    dts[j + 1] = v;
  }
  const D = Math.min(nAll, maxDet);
  const T = p.iouThrs.length;
  const A = p.areaRng.length;
  const ious = scratchIou;
  for (let d = 0; d < D; d++)
    for (let g = 0; g < G; g++)
      ious[d * G + g] = bboxIou(
        dt.bbox,
        dts[d]!,
        gt.bbox,
        gtItems[g0 + g]!,
        gt.iscrowd[gtItems[g0 + g]!] === 1,
      );
  const base = ev.n;
  for (let d = 0; d < D; d++) {
    ev.scores[base + d] = score[dts[d]!]!;
    ev.ranks[base + d] = d;
  }
  ev.n += D;
  if (G === 0) {
    // no GT: every detection is a false positive at every threshold, or ignored outside the area range
    for (let a = 0; a < A; a++) {
      const range = p.areaRng[a]!;
      const lo = range[0]!;
      const hi = range[1]!;
      for (let d = 0; d < D; d++) {
        const area = dt.area[dts[d]!]!;
        const outcome = area < lo || area > hi ? DT_IGNORED : DT_FP;
        for (let t = 0; t < T; t++) ev.outcomes[(a * T + t) * ev.capacity + base + d] = outcome;
        ev.counted[a * ev.capacity + base + d] = outcome === DT_IGNORED ? 0 : 1;
      }
    }
    return;
  }
  // a detection whose best IoU is below a threshold matches nothing there: skip its GT loop
  const bestIou = scratchBest;
  for (let d = 0; d < D; d++) {
    let b = 0;
    for (let g = 0; g < G; g++) if (ious[d * G + g]! > b) b = ious[d * G + g]!;
    bestIou[d] = b;
  }
  // The matching of an area range depends on it only through which GTs it ignores; ranges with the
  // same ignore pattern (common: a lone GT is in "all" and in its own size range) share it, and only
  // the final "unmatched detection outside the range is ignored" step differs.
  const matches = scratchMatch;
  let patterns = 0;
  for (let a = 0; a < A; a++) {
    const range = p.areaRng[a]!;
    const lo = range[0]!;
    const hi = range[1]!;
    let pattern = 0;
    for (let g = 0; g < G; g++) {
      const j = gtItems[g0 + g]!;
      const ign = gt.iscrowd[j] === 1 || gt.area[j]! < lo || gt.area[j]! > hi ? 1 : 0;
      if (!ign) ev.numGt[a]!++;
      if (ign && g < 30) pattern |= 1 << g;
    }
    let same = -1;
    if (G <= 30) for (let q = 0; q < patterns && same < 0; q++) if (patternOf[q] === pattern) same = q;
    let slot = same;
    if (slot < 0) {
      slot = patterns++;
      patternOf[slot] = G <= 30 ? pattern : -1;
      matchArea(gt, gtItems, g0, G, lo, hi, D, T, p, ious, bestIou, matches, slot * T * D);
    }
    // an unmatched detection outside the range is ignored
    const fpAs = scratchFpAs;
    for (let d = 0; d < D; d++) {
      const area = dt.area[dts[d]!]!;
      fpAs[d] = area < lo || area > hi ? DT_IGNORED : DT_FP;
    }
    const counted = a * ev.capacity + base;
    for (let t = 0; t < T; t++) {
      const row = (a * T + t) * ev.capacity + base;
      const from = (slot * T + t) * D;
      for (let d = 0; d < D; d++) {
        let outcome = matches[from + d]!;
        if (outcome === DT_FP) outcome = fpAs[d]!;
        ev.outcomes[row + d] = outcome;
        if (outcome !== DT_IGNORED) ev.counted[counted + d] = 1;
      }
    }
  }
}

/**
 * pycocotools' greedy matching of one group for one area range `[lo, hi]` at every IoU threshold:
 * writes DT_TP, DT_FP or DT_IGNORED (matched to an ignored GT) per (threshold, detection) at
 * `out[at + t·D + d]`, before the area test of unmatched detections.
 */
function matchArea(
  gt: GroundTruth,
  gtItems: Int32Array,
  g0: number,
  G: number,
  lo: number,
  hi: number,
  D: number,
  T: number,
  p: CocoEvalParams,
  ious: Float64Array,
  bestIou: Float64Array,
  out: Uint8Array,
  at: number,
): void {
  const gtOrder = scratchG;
  const gtIgnore = scratchIgn;
  const gtMatched = scratchMatched;
  const gtCrowd = scratchCrowd;
  // GT sorted stably with ignored last
  let k = 0;
  for (let pass = 0; pass < 2; pass++)
    for (let g = 0; g < G; g++) {
      const j = gtItems[g0 + g]!;
      const ign = gt.iscrowd[j] === 1 || gt.area[j]! < lo || gt.area[j]! > hi ? 1 : 0;
      if (ign === pass) {
        gtOrder[k] = g;
        gtCrowd[k] = gt.iscrowd[j] === 1 ? 1 : 0;
        gtIgnore[k++] = ign;
      }
    }
  for (let t = 0; t < T; t++) {
    const thr = Math.min(p.iouThrs[t]!, 1 - 1e-10);
    gtMatched.fill(0, 0, G);
    const row = at + t * D;
    for (let d = 0; d < D; d++) {
      let iou = thr;
      let m = -1;
      for (let gi = 0; gi < G && !(bestIou[d]! < thr); gi++) {
        const g = gtOrder[gi]!;
        if (gtMatched[gi] && !gtCrowd[gi]) continue;
        if (m > -1 && gtIgnore[m] === 0 && gtIgnore[gi] === 1) break;
        const v = ious[d * G + g]!;
        if (v < iou) continue;
        iou = v;
        m = gi;
      }
      let outcome: number;
      if (m === -1) {
        outcome = DT_FP;
      } else {
        gtMatched[m] = 1;
        // dtMatches holds the GT id: a GT with id 0 reads as "unmatched" in pycocotools
        outcome = gtIgnore[m] ? DT_IGNORED : gt.id[gtItems[g0 + gtOrder[m]!]!] !== 0 ? DT_TP : DT_FP;
      }
      out[row + d] = outcome;
    }
  }
}
