import * as tf from '@tensorflow/tfjs-core';

/**
 * FCOS centerness of distances (l, t, r, b): √(min(l, r)/max(l, r) · min(t, b)/max(t, b)),
 * box `i` at `d[4i..4i+3]`.
 *
 * @example
 * ```ts
 * centerness([2, 1, 1, 2], 0); // 0.5
 * ```
 */
export function centerness(d: ArrayLike<number>, i: number): number {
  const l = d[4 * i]!;
  const t = d[4 * i + 1]!;
  const r = d[4 * i + 2]!;
  const b = d[4 * i + 3]!;
  return Math.sqrt((Math.min(l, r) / Math.max(l, r)) * (Math.min(t, b) / Math.max(t, b)));
}

/** Row-wise tensor version of {@link centerness}: `[N, 4]` → `[N]`. */
export function centernessTensor(d: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const [l, t, r, b] = tf.unstack(d, 1);
    const lr = tf.div(tf.minimum(l!, r!), tf.maximum(l!, r!));
    const tb = tf.div(tf.minimum(t!, b!), tf.maximum(t!, b!));
    return tf.sqrt(tf.mul(lr, tb)) as tf.Tensor1D;
  });
}
