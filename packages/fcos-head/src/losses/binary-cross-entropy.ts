import * as tf from '@tensorflow/tfjs-core';

/**
 * Element-wise binary cross-entropy with logits, max(z, 0) − z·t + log(1 + e^(−|z|)), written
 * with ops so that the gradient also flows into `targets` (∂/∂t = −z): the official APS quality
 * loss trains the regression branch through its GIoU target (spec M7). Targets may be negative.
 *
 * @example
 * ```ts
 * binaryCrossEntropyWithLogits(tf.scalar(0.5), tf.scalar(0.8)); // 0.5740770
 * ```
 */
export function binaryCrossEntropyWithLogits(logits: tf.Tensor, targets: tf.Tensor): tf.Tensor {
  return tf.tidy(() =>
    tf.add(tf.sub(tf.relu(logits), tf.mul(logits, targets)), tf.log1p(tf.exp(tf.neg(tf.abs(logits))))),
  );
}
