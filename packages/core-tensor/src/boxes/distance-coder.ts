import * as tf from '@tensorflow/tfjs-core';

/**
 * FCOS box coding: the distances (l, t, r, b) = (x − x1, y − y1, x2 − x, y2 − y) from point
 * (x, y) to the sides of an xyxy box, divided by the point's stride (1 when `strides` is omitted).
 * `points` `[P, 2]`, `boxes` `[P, 4]` (one box per point) → `[P, 4]`.
 *
 * @example
 * ```ts
 * encodeDistances(Float32Array.from([12, 12]), Float32Array.from([4, 8, 20, 40]), Float32Array.from([8])); // [1, 0.5, 1, 3.5]
 * ```
 */
export function encodeDistances(
  points: ArrayLike<number>,
  boxes: ArrayLike<number>,
  strides?: ArrayLike<number>,
): Float32Array {
  const n = points.length / 2;
  const out = new Float32Array(4 * n);
  for (let p = 0; p < n; p++) {
    const s = strides ? strides[p]! : 1;
    const x = points[2 * p]!;
    const y = points[2 * p + 1]!;
    out[4 * p] = (x - boxes[4 * p]!) / s;
    out[4 * p + 1] = (y - boxes[4 * p + 1]!) / s;
    out[4 * p + 2] = (boxes[4 * p + 2]! - x) / s;
    out[4 * p + 3] = (boxes[4 * p + 3]! - y) / s;
  }
  return out;
}

/** Inverse of {@link encodeDistances}: (x − l·s, y − t·s, x + r·s, y + b·s) → xyxy `[P, 4]`. */
export function decodeDistances(
  points: ArrayLike<number>,
  distances: ArrayLike<number>,
  strides?: ArrayLike<number>,
): Float32Array {
  const n = points.length / 2;
  const out = new Float32Array(4 * n);
  for (let p = 0; p < n; p++) {
    const s = strides ? strides[p]! : 1;
    const x = points[2 * p]!;
    const y = points[2 * p + 1]!;
    out[4 * p] = x - distances[4 * p]! * s;
    out[4 * p + 1] = y - distances[4 * p + 1]! * s;
    out[4 * p + 2] = x + distances[4 * p + 2]! * s;
    out[4 * p + 3] = y + distances[4 * p + 3]! * s;
  }
  return out;
}

/** Tensor version of {@link decodeDistances}: points `[P, 2]`, distances `[P, 4]`, strides `[P]` → `[P, 4]`. */
export function decodeDistancesTensor(
  points: tf.Tensor2D,
  distances: tf.Tensor2D,
  strides?: tf.Tensor1D,
): tf.Tensor2D {
  return tf.tidy(() => {
    const d = strides ? tf.mul(distances, tf.expandDims(strides, 1)) : distances;
    const [l, t, r, b] = tf.unstack(d, 1);
    const [x, y] = tf.unstack(points, 1);
    return tf.stack([tf.sub(x!, l!), tf.sub(y!, t!), tf.add(x!, r!), tf.add(y!, b!)], 1) as tf.Tensor2D;
  });
}

/** Tensor version of {@link encodeDistances}. */
export function encodeDistancesTensor(
  points: tf.Tensor2D,
  boxes: tf.Tensor2D,
  strides?: tf.Tensor1D,
): tf.Tensor2D {
  return tf.tidy(() => {
    const [x, y] = tf.unstack(points, 1);
    const [x1, y1, x2, y2] = tf.unstack(boxes, 1);
    const d = tf.stack(
      [tf.sub(x!, x1!), tf.sub(y!, y1!), tf.sub(x2!, x!), tf.sub(y2!, y!)],
      1,
    ) as tf.Tensor2D;
    return strides ? (tf.div(d, tf.expandDims(strides, 1)) as tf.Tensor2D) : d;
  });
}
