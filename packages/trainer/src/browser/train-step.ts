import * as tf from '@tensorflow/tfjs-core';
import type { Detector, ImageTargets } from '../model/detector';
import { clipGradNorm } from '../solver/clip-grad-norm';
import type { SGD } from '../solver/sgd';

/** What {@link trainStep} returns: the step's losses (read back asynchronously) and positives. */
export interface TrainStepResult {
  losses: Record<string, number>;
  numPositives: number;
}

/**
 * One SGD step on a batch `[N, H, W, 3]` (normalised pixels) with its targets, without any
 * synchronous read-back: the assignment is computed first (one asynchronous read of the
 * predictions when the assigner needs them), the loss values are read after the update.
 *
 * @example
 * ```ts
 * const sgd = new SGD(detector.namedParameters(), { momentum: 0.9 });
 * const { losses } = await trainStep(detector, sgd, images, [{ boxes, labels }], 0.01);
 * ```
 */
export async function trainStep(
  detector: Detector,
  sgd: SGD,
  images: tf.Tensor4D,
  targets: ImageTargets[],
  lr: number,
  options: { clipGradNorm?: number } = {},
): Promise<TrainStepResult> {
  const assignments = await detector.assignTargets(images, targets);
  let parts: Record<string, tf.Scalar> = {};
  let numPositives = 0;
  const { value, grads } = tf.variableGrads(() => {
    const l = detector.losses(images, targets, assignments);
    parts = l.parts;
    numPositives = l.numPositives;
    return l.total;
  }, sgd.variables);
  value.dispose();
  let g = grads;
  if (options.clipGradNorm) ({ grads: g } = clipGradNorm(grads, options.clipGradNorm));
  sgd.step(g, lr);
  tf.dispose(Object.values(g));
  const entries = await Promise.all(
    Object.entries(parts).map(async ([k, t]) => [k, (await t.data())[0]!] as const),
  );
  tf.dispose(Object.values(parts));
  return { losses: Object.fromEntries(entries), numPositives };
}
