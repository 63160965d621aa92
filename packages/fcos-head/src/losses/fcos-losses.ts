import * as tf from '@tensorflow/tfjs-core';
import {
  type Assignment,
  centerness,
  detach,
  distanceGiouTensor,
  InvalidArgumentError,
} from '@aligndet/core-tensor';
import { binaryCrossEntropyWithLogits } from './binary-cross-entropy';
import { sigmoidFocalLoss } from './sigmoid-focal-loss';

/** The head's outputs for a batch, flattened per image (level-major, row, column). */
export interface FlatHeadOutputs {
  /** `[N, P, C]` class logits. */
  clsLogits: tf.Tensor3D;
  /** `[N, P, 4]` (l, t, r, b) distances in stride units (training mode). */
  boxDistances: tf.Tensor3D;
  /** `[N, P]` quality logits. */
  quality: tf.Tensor2D;
}

/** Options of {@link fcosLosses}. */
export interface FcosLossOptions {
  /** What the quality branch learns: FCOS's `centerness` (default) or the official APS `giou`. */
  qualityTarget?: 'centerness' | 'giou';
  /**
   * With `giou`, stop the gradient through the GIoU target. Default false: the official code lets
   * it flow into the regression branch (spec M7), and parity needs that.
   */
  detachQualityTarget?: boolean;
  focalAlpha?: number;
  focalGamma?: number;
}

/** Named losses (scalar tensors; the caller disposes them) and the positive count. */
export interface FcosLosses {
  loss_cls: tf.Scalar;
  loss_reg: tf.Scalar;
  loss_quality: tf.Scalar;
  numPositives: number;
}

/**
 * FCOS's losses (spec §1.6; the APS variant of §3.6 with `qualityTarget: 'giou'`) from the
 * flattened head outputs and one `Assignment` per image:
 * - classification: sigmoid focal loss (α 0.25, γ 2) over all points and classes / max(#pos, 1);
 * - regression: Σ c_i·(1 − GIoU_i) / Σ c_i over positives, c_i the centerness of the target, GIoU
 *   with the +1 smoothing in stride units;
 * - quality: BCE-with-logits against centerness or GIoU, summed over positives / max(#pos, 1).
 * A batch without positives gives the all-negative classification loss and zero regression and
 * quality losses (no NaN).
 *
 * @example
 * ```ts
 * const { loss_cls, loss_reg, loss_quality } = fcosLosses(flat, assignments, { qualityTarget: 'giou' });
 * ```
 */
export function fcosLosses(
  outputs: FlatHeadOutputs,
  assignments: Assignment[],
  options: FcosLossOptions = {},
): FcosLosses {
  const [N, P, C] = outputs.clsLogits.shape;
  if (assignments.length !== N)
    throw new InvalidArgumentError({
      op: 'fcosLosses',
      field: 'assignments',
      value: assignments.length,
      expected: `${N} (one per image)`,
    });
  assignments.forEach((a, n) => {
    if (a.gtIndex.length !== P)
      throw new InvalidArgumentError({
        op: 'fcosLosses',
        field: `assignments[${n}].gtIndex`,
        value: a.gtIndex.length,
        expected: `${P} points`,
      });
  });
  // targets built on the CPU once
  const oneHot = new Float32Array(N * P * C);
  const posIndex: number[] = [];
  const posTargets: number[] = [];
  const posWeights: number[] = [];
  assignments.forEach((a, n) => {
    for (let p = 0; p < P; p++) {
      const label = a.labels[p]!;
      if (a.gtIndex[p]! < 0) continue;
      if (label >= 0 && label < C) oneHot[(n * P + p) * C + label] = 1;
      posIndex.push(n * P + p);
      for (let k = 0; k < 4; k++) posTargets.push(a.boxTargets[4 * p + k]!);
      posWeights.push(centerness(a.boxTargets, p));
    }
  });
  const numPos = posIndex.length;
  const norm = Math.max(numPos, 1);
  const alpha = options.focalAlpha ?? 0.25;
  const gamma = options.focalGamma ?? 2;
  return tf.tidy(() => {
    const targets = tf.tensor3d(oneHot, [N, P, C]);
    const loss_cls = tf.div(
      tf.sum(sigmoidFocalLoss(outputs.clsLogits, targets, alpha, gamma)),
      norm,
    ) as tf.Scalar;
    if (numPos === 0) {
      // keep the graph connected so every output receives a (zero) gradient
      const zero = (t: tf.Tensor) => tf.mul(tf.sum(t), 0) as tf.Scalar;
      return {
        loss_cls,
        loss_reg: zero(outputs.boxDistances),
        loss_quality: zero(outputs.quality),
        numPositives: 0,
      };
    }
    const idx = tf.tensor1d(posIndex, 'int32');
    const predBoxes = tf.gather(tf.reshape(outputs.boxDistances, [N * P, 4]), idx) as tf.Tensor2D;
    const predQuality = tf.gather(tf.reshape(outputs.quality, [N * P]), idx) as tf.Tensor1D;
    const tBoxes = tf.tensor2d(posTargets, [numPos, 4]);
    const w = tf.tensor1d(posWeights);
    const { giou } = distanceGiouTensor(predBoxes, tBoxes);
    const loss_reg = tf.div(tf.sum(tf.mul(w, tf.sub(1, giou))), tf.sum(w)) as tf.Scalar;
    let qTarget: tf.Tensor1D = w;
    if (options.qualityTarget === 'giou') qTarget = options.detachQualityTarget ? detach(giou) : giou;
    const loss_quality = tf.div(
      tf.sum(binaryCrossEntropyWithLogits(predQuality, qTarget)),
      norm,
    ) as tf.Scalar;
    return { loss_cls, loss_reg, loss_quality, numPositives: numPos };
  });
}
