import * as tf from '@tensorflow/tfjs-core';
import {
  classTargets,
  distanceGiouTensor,
  type GroundTruth,
  type Match,
  matchedDistances,
  type PointGrid,
} from '@aligndet/core-tensor';

/** The loss terms (scalar tensors; the caller disposes them). */
export interface YoloStyleLosses {
  total: tf.Scalar;
  cls: tf.Scalar;
  box: tf.Scalar;
  /** Zero when the head has no DFL bins. */
  dfl: tf.Scalar;
  numPositives: number;
}

/** Multipliers of the three loss terms (Ultralytics' `hyp.cls`, `hyp.box`, `hyp.dfl`). */
export interface YoloStyleLossGains {
  /** Default 1. */
  cls?: number;
  /** Default 1. */
  box?: number;
  /** Default 1. */
  dfl?: number;
}

/**
 * YOLOv8's loss on any v2 match (Ultralytics' `v8DetectionLoss`, with GIoU for its CIoU):
 * - classification: BCE-with-logits over every point and class against the match's soft target
 *   (`metrics.quality`, TAL's normalised alignment) or 1 for assigners without one (FCOS rule, APS);
 * - box: Σ w·(1 − GIoU) over positives, w the point's class target, GIoU of the (l, t, r, b)
 *   boxes in strides (core's `distanceGiouTensor`, the official FCOS IoU loss's +1 smoothing);
 * - DFL: cross-entropy of each side's bins against the two bins around the target distance, × w.
 * All three are divided by max(1, Σ class targets), then multiplied by `gains` (all 1 by default;
 * Ultralytics trains with cls 0.5, box 7.5, dfl 1.5 and its CIoU). `cls`, `box` and `dfl` are the
 * weighted terms, `total` their sum.
 *
 * @example
 * ```ts
 * const out = head.forward(features);
 * const { total } = yoloStyleLoss(out.clsLogits, out.boxLogits, head.distances(out), matches, grid, targets, head.dflBins);
 * ```
 */
export function yoloStyleLoss(
  clsLogits: tf.Tensor3D,
  boxLogits: tf.Tensor3D,
  distances: tf.Tensor3D,
  matches: readonly Match[],
  grid: PointGrid,
  targets: readonly GroundTruth[],
  dflBins: number,
  gains: YoloStyleLossGains = {},
): YoloStyleLosses {
  const gCls = gains.cls ?? 1;
  const gBox = gains.box ?? 1;
  const gDfl = gains.dfl ?? 1;
  const [N, P, C] = clsLogits.shape;
  const clsTarget = classTargets(matches, C, 'quality');
  const norm = Math.max(
    1,
    clsTarget.reduce((a, b) => a + b, 0),
  );
  const index: number[] = [];
  const tDist: number[] = [];
  const weight: number[] = [];
  matches.forEach((m, n) => {
    const d = matchedDistances(m, grid, targets[n]!);
    const q = m.metrics?.quality;
    for (let p = 0; p < P; p++) {
      if (m.gtIndex[p]! < 0) continue;
      index.push(n * P + p);
      for (let k = 0; k < 4; k++) tDist.push(d[4 * p + k]!);
      weight.push(q ? q[p]! : 1);
    }
  });
  const K = index.length;
  // two-hot DFL targets: weight (k + 1 − t) on bin k = ⌊t⌋ and (t − k) on k + 1, t clamped into the bins
  const twoHot = new Float32Array(K * 4 * Math.max(dflBins, 1));
  if (dflBins > 0)
    for (let i = 0; i < 4 * K; i++) {
      const t = Math.min(Math.max(tDist[i]!, 0), dflBins - 1 - 0.01);
      const k = Math.floor(t);
      twoHot[i * dflBins + k] = k + 1 - t;
      twoHot[i * dflBins + k + 1] = t - k;
    }
  return tf.tidy(() => {
    const y = tf.tensor3d(clsTarget, [N, P, C]);
    // BCE with logits: softplus(x) − x·y
    const cls = tf.mul(
      tf.div(tf.sum(tf.sub(tf.softplus(clsLogits), tf.mul(clsLogits, y))), norm),
      gCls,
    ) as tf.Scalar;
    if (K === 0) {
      // keep the graph connected so every output receives a (zero) gradient
      const zero = tf.mul(tf.add(tf.sum(boxLogits), tf.sum(distances)), 0) as tf.Scalar;
      return { total: tf.add(cls, zero) as tf.Scalar, cls, box: zero, dfl: tf.clone(zero), numPositives: 0 };
    }
    const idx = tf.tensor1d(index, 'int32');
    const w = tf.tensor1d(weight);
    const pred = tf.gather(tf.reshape(distances, [N * P, 4]), idx) as tf.Tensor2D;
    const { giou } = distanceGiouTensor(pred, tf.tensor2d(tDist, [K, 4]));
    const box = tf.mul(tf.div(tf.sum(tf.mul(w, tf.sub(1, giou))), norm), gBox) as tf.Scalar;
    let dfl = tf.scalar(0);
    if (dflBins > 0) {
      const logits = tf.reshape(tf.gather(tf.reshape(boxLogits, [N * P, 4 * dflBins]), idx), [K, 4, dflBins]);
      const ce = tf.neg(tf.sum(tf.mul(tf.tensor3d(twoHot, [K, 4, dflBins]), tf.logSoftmax(logits)), 2));
      dfl = tf.mul(tf.div(tf.sum(tf.mul(tf.mean(ce, 1), w)), norm), gDfl) as tf.Scalar;
    }
    return { total: tf.addN([cls, box, dfl]) as tf.Scalar, cls, box, dfl, numPositives: K };
  });
}
