import { type CategoryEvaluation, DT_FP, DT_TP } from './evaluate-images';
import type { CocoEvalParams } from './params';

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

/** First index i with `sorted[i] >= v` (numpy searchsorted, side left). */
function searchLeft(sorted: Float64Array, n: number, v: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * pycocotools' `accumulate` for category index `k`: for every area range and maxDets value, keep
 * each image's top detections, stable-sort all by descending score (ties: image order, then
 * within-image order), cumulate TP/FP, and read the right-to-left max-interpolated precision at
 * each recall threshold.
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
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((x, y) => scores[y]! - scores[x]! || x - y);
  const kept = new Int32Array(n);
  const rc = new Float64Array(n);
  const pr = new Float64Array(n);
  for (let m = 0; m < M; m++) {
    const maxDet = p.maxDets[m]!;
    let nd = 0;
    for (let i = 0; i < n; i++) if (ev.ranks[order[i]!]! < maxDet) kept[nd++] = order[i]!;
    for (let a = 0; a < A; a++) {
      const npig = ev.numGt[a]!;
      if (npig === 0) continue;
      for (let t = 0; t < T; t++) {
        const row = (a * T + t) * ev.capacity;
        let tps = 0;
        let fps = 0;
        for (let j = 0; j < nd; j++) {
          const o = ev.outcomes[row + kept[j]!]!;
          if (o === DT_TP) tps++;
          else if (o === DT_FP) fps++;
          rc[j] = tps / npig;
          pr[j] = tps / (fps + tps + EPS);
        }
        acc.recall[((t * K + k) * A + a) * M + m] = nd ? rc[nd - 1]! : 0;
        for (let i = nd - 1; i > 0; i--) if (pr[i]! > pr[i - 1]!) pr[i - 1] = pr[i]!;
        for (let r = 0; r < R; r++) {
          const at = (((t * R + r) * K + k) * A + a) * M + m;
          acc.precision[at] = 0;
          acc.scores[at] = 0;
        }
        for (let r = 0; r < R; r++) {
          const pi = searchLeft(rc, nd, p.recThrs[r]!);
          if (pi >= nd) break; // pycocotools stops at the first recall threshold past the end
          const at = (((t * R + r) * K + k) * A + a) * M + m;
          acc.precision[at] = pr[pi]!;
          acc.scores[at] = scores[kept[pi]!]!;
        }
      }
    }
  }
}
