import * as tf from '@tensorflow/tfjs-core';
import { assignBatch, type MatchAssigner } from '@aligndet/core-tensor';
import { targetsFromMatches } from './aligndet-glue';
import { codesToBoxesTensor } from './center-size-coder';
import { centerSizeLoss } from './center-size-loss';
import { imageGrid } from './image-grid';
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
 * One optimisation step of `model` on `batch`: assignment by any v2 `assigner` (core's
 * `assignBatch` runs a gradient-free prediction pass only if the assigner needs predictions:
 * tfjs's gradient functions are synchronous, so the awaited read-back comes first), then the
 * head's loss and the optimizer's update of every trainable parameter. Leaves no tensors behind.
 *
 * @example
 * ```ts
 * const step = makeTrainStep(model, new SpatialMatchAssigner(), tf.train.adam(1e-3));
 * const { loss } = await step(batch);
 * ```
 */
export function makeTrainStep(
  model: SmallDetector,
  assigner: MatchAssigner,
  optimizer: tf.Optimizer,
): (batch: SyntheticBatch) => Promise<StepResult> {
  return async (batch) => {
    const grid = imageGrid(batch.images.shape, model.stem.strides);
    const gt = batch.targets;
    const matches = await assignBatch(
      assigner,
      grid,
      () =>
        tf.tidy(() => {
          const out = model.forward(batch.images);
          return { clsLogits: out.clsLogits, boxes: codesToBoxesTensor(out.boxCodes, grid) };
        }),
      gt,
    );
    const targets = targetsFromMatches(matches, grid, gt, model.head.numClasses);
    let parts: tf.Scalar[] = [];
    const cost = optimizer.minimize(
      () => {
        const out = model.forward(batch.images);
        const { total, cls, box } = centerSizeLoss(out.clsLogits, out.boxCodes, targets);
        parts = [tf.keep(cls), tf.keep(box)];
        return total;
      },
      true,
      model.parameters(true),
    ) as tf.Scalar;
    const [loss, cls, box] = await Promise.all([cost, ...parts].map(async (t) => (await t.data())[0]!));
    tf.dispose([cost, ...parts, targets.classes, targets.codes, targets.positive]);
    return { loss: loss!, cls: cls!, box: box!, numPositives: targets.numPositives };
  };
}
