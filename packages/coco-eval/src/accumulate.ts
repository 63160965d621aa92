import { type CategoryEvaluation, DT_FP, DT_TP } from './evaluate-images';
import type { CocoEvalParams } from './params';
import { descendingScoreOrder } from './score-order';

/** pycocotools' `np.spacing(1)`. */
const EPS = 2.220446049250313e-16;

/** Accumulated curves, pycocotools' `eval` dict: row-major arrays with their shapes. */
export interface Accumulated {
  /** `[T, R, K, A, M]`, −1 where there is no non-ignored GT. */
  precision: Float64Array;
  /** `[T, K, A, M]`. */
  recall: Float64Array;
  /** `[T, R, K, A, M]` score at each recall threshold. */
  scores: Float64Array;
  shape: { T: number; R: number; K: number; A: number; M: number };
}

/** Allocates the result arrays, filled with −1. */
export function allocAccumulated(T: number, R: number, K: number, A: number, M: number): Accumulated {
  return {
    precision: new Float64Array(T * R * K * A * M).fill(-1),
    recall: new Float64Array(T * K * A * M).fill(-1),
    scores: new Float64Array(T * R * K * A * M).fill(-1),
    shape: { T, R, K, A, M },
  };
}

/**
 * pycocotools' `accumulate` for category index `k`: for every area range and maxDets value, keep
 * each image's top detections, stable-sort all by descending score (ties: image order, then
 * within-image order), cumulate TP/FP, and read the right-to-left max-interpolated precision at
 * each recall threshold.
 *
 * One backward pass per curve does the cumulation, the interpolation and the threshold look-up:
 * walking from the last detection down, the counts up to detection j are the totals minus what
 * lies after it, the running maximum of tp/(tp + fp + eps) is the interpolated precision at j,
 * and j is pycocotools' `searchsorted(rc, thr, 'left')` for exactly the thresholds in
 * (rc[j − 1], rc[j]]. Each value is the same float expression pycocotools evaluates. Detections
 * ignored at every IoU threshold of an area range are skipped for it: they repeat their
 * predecessor's tp and fp, so they change no precision and are never the first index reaching a
 * recall above 0; a threshold ≤ 0 resolves to the first kept detection, ignored or not. The
 * precision is evaluated at TPs only: up to the next TP, tp stays and fp only grows, so no other
 * detection's precision exceeds the TP's (the same division with a larger or equal divisor).
 */
export function accumulateCategory(
  ev: CategoryEvaluation,
  k: number,
  p: CocoEvalParams,
  acc: Accumulated,
): void {
  const { T, R, K, A, M } = acc.shape;
  const n = ev.n;
  const scores = ev.scores;
  // one stable order for all area ranges (the detections and scores are the same)
  const order = descendingScoreOrder(scores, n);
  const kept = new Int32Array(n);
  const live = new Int32Array(n);
  const outcome = new Uint8Array(n);
  // recall thresholds by ascending value (ties by index), for the backward sweep
  const recThrs = p.recThrs;
  const byThr = Int32Array.from({ length: R }, (_, r) => r).sort(
    (x, y) => recThrs[x]! - recThrs[y]! || x - y,
  );
  let atOrBelowZero = 0;
  while (atOrBelowZero < R && recThrs[byThr[atOrBelowZero]!]! <= 0) atOrBelowZero++;
  const resolved = new Uint8Array(R);
  const q = new Float64Array(R);
  const qs = new Float64Array(R);
  let previousNd = -1;
  for (let m = 0; m < M; m++) {
    const maxDet = p.maxDets[m]!;
    let nd = 0;
    for (let i = 0; i < n; i++) if (ev.ranks[order[i]!]! < maxDet) kept[nd++] = order[i]!;
    // maxDets ascend, so the kept detections of m − 1 are a subset of these: the same count means
    // the same detections in the same order, hence the same numbers (common: few groups hold more
    // than 10 detections of one category)
    if (nd === previousNd) {
      for (let a = 0; a < A; a++) {
        if (ev.numGt[a] === 0) continue;
        for (let t = 0; t < T; t++) {
          const at = ((t * K + k) * A + a) * M + m;
          acc.recall[at] = acc.recall[at - 1]!;
          for (let r = 0; r < R; r++) {
            const at2 = (((t * R + r) * K + k) * A + a) * M + m;
            acc.precision[at2] = acc.precision[at2 - 1]!;
            acc.scores[at2] = acc.scores[at2 - 1]!;
          }
        }
      }
      continue;
    }
    previousNd = nd;
    for (let a = 0; a < A; a++) {
      const npig = ev.numGt[a]!;
      if (npig === 0) continue;
      let nl = 0;
      for (let j = 0; j < nd; j++) if (ev.counted[a * ev.capacity + kept[j]!]) live[nl++] = kept[j]!;
      for (let t = 0; t < T; t++) {
        const row = (a * T + t) * ev.capacity;
        let tps = 0;
        let fps = 0;
        for (let j = 0; j < nl; j++) {
          const o = ev.outcomes[row + live[j]!]!;
          outcome[j] = o;
          if (o === DT_TP) tps++;
          else if (o === DT_FP) fps++;
        }
        acc.recall[((t * K + k) * A + a) * M + m] = nd ? tps / npig : 0;
        resolved.fill(0);
        let top = R; // thresholds byThr[atOrBelowZero .. top) are ≤ rc of the current j
        let rc = tps / npig;
        while (top > atOrBelowZero && !(rc >= recThrs[byThr[top - 1]!]!)) top--;
        let best = 0;
        for (let j = nl - 1; j >= 0; j--) {
          const o = outcome[j]!;
          if (o !== DT_TP) {
            if (o === DT_FP) fps--;
            continue;
          }
          // only a TP can raise the running maximum: after it, tp stays and fp grows (or stays)
          const pr = tps / (fps + tps + EPS);
          if (pr > best) best = pr;
          tps--;
          rc = j === 0 ? 0 : tps / npig;
          while (top > atOrBelowZero && !(rc >= recThrs[byThr[top - 1]!]!)) {
            const r = byThr[--top]!;
            resolved[r] = 1;
            q[r] = best;
            qs[r] = scores[live[j]!]!;
          }
        }
        if (nd > 0)
          for (let i = 0; i < atOrBelowZero; i++) {
            const r = byThr[i]!;
            resolved[r] = 1;
            q[r] = best;
            qs[r] = scores[kept[0]!]!;
          }
        // pycocotools stops at the first recall threshold past the end: 0 from there on
        let stopped = false;
        for (let r = 0; r < R; r++) {
          stopped ||= !resolved[r];
          const at = (((t * R + r) * K + k) * A + a) * M + m;
          acc.precision[at] = stopped ? 0 : q[r]!;
          acc.scores[at] = stopped ? 0 : qs[r]!;
        }
      }
    }
  }
}
