import * as tf from '@tensorflow/tfjs-core';

/**
 * IoU and GIoU of two (l, t, r, b) distance boxes anchored at the same point, exactly as the
 * official FCOS/APS code computes them (spec §1.6), in float64: A_p = (l̂ + r̂)(t̂ + b̂),
 * A_t = (l + r)(t + b), I = (min(l̂, l) + min(r̂, r))·(min(t̂, t) + min(b̂, b)), U = A_p + A_t − I,
 * IoU = (I + 1)/(U + 1) — note the +1 smoothing, applied in whatever units the distances are in
 * (stride units in FCOS) — C = (max(l̂, l) + max(r̂, r))·(max(t̂, t) + max(b̂, b)) + 1e-7,
 * GIoU = IoU − (C − U)/C. `pred` box `i` is at `pred[4i..4i+3]`, `target` box `j` at `target[4j..]`.
 *
 * @example
 * ```ts
 * distanceGiou([1, 1, 1, 1], 0, [2, 1, 1, 2], 0); // 0.5
 * ```
 */
export function distanceGiou(
  pred: ArrayLike<number>,
  i: number,
  target: ArrayLike<number>,
  j: number,
): number {
  return distanceIouPair(pred, i, target, j, true);
}

/** The smoothed IoU part of {@link distanceGiou}. */
export function distanceIou(
  pred: ArrayLike<number>,
  i: number,
  target: ArrayLike<number>,
  j: number,
): number {
  return distanceIouPair(pred, i, target, j, false);
}

function distanceIouPair(
  pred: ArrayLike<number>,
  i: number,
  target: ArrayLike<number>,
  j: number,
  generalized: boolean,
): number {
  const pl = pred[4 * i]!;
  const pt = pred[4 * i + 1]!;
  const pr = pred[4 * i + 2]!;
  const pb = pred[4 * i + 3]!;
  const tl = target[4 * j]!;
  const tt = target[4 * j + 1]!;
  const tr = target[4 * j + 2]!;
  const tb = target[4 * j + 3]!;
  const areaP = (pl + pr) * (pt + pb);
  const areaT = (tl + tr) * (tt + tb);
  const inter = (Math.min(pl, tl) + Math.min(pr, tr)) * (Math.min(pt, tt) + Math.min(pb, tb));
  const union = areaP + areaT - inter;
  const iou = (inter + 1) / (union + 1);
  if (!generalized) return iou;
  const c = (Math.max(pl, tl) + Math.max(pr, tr)) * (Math.max(pt, tt) + Math.max(pb, tb)) + 1e-7;
  return iou - (c - union) / c;
}

/**
 * Row-wise tensor version of {@link distanceGiou}: `pred`, `target` `[N, 4]` → `{ iou, giou }`
 * `[N]`, differentiable with respect to both inputs (the official APS quality loss lets gradient
 * flow into the GIoU target).
 */
export function distanceGiouTensor(
  pred: tf.Tensor2D,
  target: tf.Tensor2D,
): { iou: tf.Tensor1D; giou: tf.Tensor1D } {
  return tf.tidy(() => {
    const [pl, pt, pr, pb] = tf.unstack(pred, 1) as tf.Tensor1D[];
    const [tl, tt, tr, tb] = tf.unstack(target, 1) as tf.Tensor1D[];
    const areaP = tf.mul(tf.add(pl!, pr!), tf.add(pt!, pb!));
    const areaT = tf.mul(tf.add(tl!, tr!), tf.add(tt!, tb!));
    const inter = tf.mul(
      tf.add(tf.minimum(pl!, tl!), tf.minimum(pr!, tr!)),
      tf.add(tf.minimum(pt!, tt!), tf.minimum(pb!, tb!)),
    );
    const union = tf.sub(tf.add(areaP, areaT), inter);
    const iou = tf.div(tf.add(inter, 1), tf.add(union, 1)) as tf.Tensor1D;
    const c = tf.add(
      tf.mul(
        tf.add(tf.maximum(pl!, tl!), tf.maximum(pr!, tr!)),
        tf.add(tf.maximum(pt!, tt!), tf.maximum(pb!, tb!)),
      ),
      1e-7,
    );
    const giou = tf.sub(iou, tf.div(tf.sub(c, union), c)) as tf.Tensor1D;
    return { iou, giou };
  });
}
