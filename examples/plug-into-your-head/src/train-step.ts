import * as tf from '@tensorflow/tfjs-core';
import type { Assigner } from '@aligndet/core-tensor';
import { assignBatch, targetsFromAssignments } from './aligndet-glue';
import { centerSizeLoss } from './center-size-loss';
import type { SmallDetector } from './small-detector';
import type { SyntheticBatch } from './synthetic-batch';

/** Loss values of one step (read back after the update). */
export interface StepResult {
  loss: number;
  cls: number;
  box: number;
  numPositives: number;
}

/**
 * One optimisation step of `model` on `batch`: forward, assignment by `assigner` on the
 * predictions read back inside the step (no gradient flows through it), the head's loss, and the
 * optimizer's update of every trainable parameter. Leaves no tensors behind.
 *
 * @example
 * ```ts
 * const step = makeTrainStep(model, new SpatialAssigner(), tf.train.adam(1e-3));
 * const { loss } = step(batch);
 * ```
 */
export function makeTrainStep(
  model: SmallDetector,
  assigner: Assigner,
  optimizer: tf.Optimizer,
): (batch: SyntheticBatch) => StepResult {
  return (batch) => {
    let numPositives = 0;
    let parts: tf.Scalar[] = [];
    const cost = optimizer.minimize(
      () => {
        const out = model.forward(batch.images);
        const assignments = assignBatch(
          assigner,
          model.points(out),
          out.clsLogits,
          out.boxCodes,
          batch.gtBoxes,
          batch.gtLabels,
        );
        const targets = targetsFromAssignments(assignments, model.head.numClasses);
        numPositives = targets.numPositives;
        const { total, cls, box } = centerSizeLoss(out.clsLogits, out.boxCodes, targets);
        parts = [tf.keep(cls), tf.keep(box)];
        return total;
      },
      true,
      model.parameters(true),
    ) as tf.Scalar;
    const [loss, cls, box] = [cost, ...parts].map((t) => t.dataSync()[0]!);
    tf.dispose([cost, ...parts]);
    return { loss: loss!, cls: cls!, box: box!, numPositives };
  };
}
