import * as tf from '@tensorflow/tfjs-core';
import { binaryCrossEntropyWithLogits } from './binary-cross-entropy';

/**
 * Sigmoid focal loss (Lin et al., 2017), element-wise, as `torchvision.ops.sigmoid_focal_loss`:
 * BCE(z, y)·(1 − p_t)^γ·α_t with p = σ(z), p_t = p·y + (1 − p)(1 − y), α_t = α·y + (1 − α)(1 − y).
 * Returns the same shape as `logits`; sum it and normalise by the number of positives.
 *
 * @example
 * ```ts
 * const loss = tf.div(tf.sum(sigmoidFocalLoss(logits, oneHot)), Math.max(numPositives, 1));
 * ```
 */
export function sigmoidFocalLoss(logits: tf.Tensor, targets: tf.Tensor, alpha = 0.25, gamma = 2): tf.Tensor {
  return tf.tidy(() => {
    const p = tf.sigmoid(logits);
    const ce = binaryCrossEntropyWithLogits(logits, targets);
    const pt = tf.add(tf.mul(p, targets), tf.mul(tf.sub(1, p), tf.sub(1, targets)));
    const at = tf.add(tf.mul(alpha, targets), tf.mul(1 - alpha, tf.sub(1, targets)));
    return tf.mul(tf.mul(ce, tf.pow(tf.sub(1, pt), gamma)), at);
  });
}
