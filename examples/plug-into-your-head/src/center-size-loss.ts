import * as tf from '@tensorflow/tfjs-core';

/** Per-point training targets of a batch, built from the assigner's answers. */
export interface CenterSizeTargets {
  /** `[N, P, C]` one-hot class targets (all zero for background). */
  classes: tf.Tensor3D;
  /** `[N, P, 4]` target box codes (meaningful where `positive` is 1). */
  codes: tf.Tensor3D;
  /** `[N, P]` 1 for positives, 0 elsewhere. */
  positive: tf.Tensor2D;
  /** Positives in the batch. */
  numPositives: number;
}

/** Options of {@link centerSizeLoss}. */
export interface CenterSizeLossOptions {
  /** Focal α. Default 0.25. */
  alpha?: number;
  /** Focal γ. Default 2. */
  gamma?: number;
  /** Smooth-L1 β (stride units). Default 0.1. */
  beta?: number;
}

/**
 * The head's own loss: sigmoid focal loss over every point and class, plus smooth-L1 on the box
 * codes of the positives, each summed and divided by max(1, positives).
 *
 * focal(x, y) = −α_y·(1 − p_t)^γ·log p_t with p_t = σ(x) for y = 1, 1 − σ(x) for y = 0;
 * smoothL1(d) = 0.5·d²/β for |d| < β, else |d| − 0.5·β.
 *
 * @example
 * ```ts
 * const { total, cls, box } = centerSizeLoss(out.clsLogits, out.boxCodes, targets);
 * ```
 */
export function centerSizeLoss(
  clsLogits: tf.Tensor3D,
  boxCodes: tf.Tensor3D,
  targets: CenterSizeTargets,
  options: CenterSizeLossOptions = {},
): { total: tf.Scalar; cls: tf.Scalar; box: tf.Scalar } {
  const { alpha = 0.25, gamma = 2, beta = 0.1 } = options;
  return tf.tidy(() => {
    const norm = Math.max(1, targets.numPositives);
    const y = targets.classes;
    const p = tf.sigmoid(clsLogits);
    // log σ(x) = −softplus(−x) and log(1 − σ(x)) = −softplus(x), stable for large |x|
    const logP = tf.neg(tf.softplus(tf.neg(clsLogits)));
    const logNotP = tf.neg(tf.softplus(clsLogits));
    const positiveTerm = tf.mul(tf.mul(y, tf.pow(tf.sub(1, p), gamma)), logP);
    const negativeTerm = tf.mul(tf.mul(tf.sub(1, y), tf.pow(p, gamma)), logNotP);
    const focal = tf.neg(tf.add(tf.mul(alpha, positiveTerm), tf.mul(1 - alpha, negativeTerm)));
    const cls = tf.div(tf.sum(focal), norm) as tf.Scalar;
    const d = tf.abs(tf.sub(boxCodes, targets.codes));
    // 0.5·min(d, β)²/β + max(d − β, 0): the two smooth-L1 pieces without a branch
    const small = tf.minimum(d, beta);
    const smooth = tf.add(tf.div(tf.mul(0.5, tf.square(small)), beta), tf.relu(tf.sub(d, beta)));
    const box = tf.div(tf.sum(tf.mul(smooth, tf.expandDims(targets.positive, 2))), norm) as tf.Scalar;
    return { total: tf.add(cls, box) as tf.Scalar, cls, box };
  });
}
