import * as tf from '@tensorflow/tfjs-core';
import { assignBatch, type MatchAssigner } from '@aligndet/core-tensor';
import type { SyntheticBatch } from '../synthetic-batch';
import type { YoloStyleDetector } from './yolo-style-detector';
import { yoloStyleLoss } from '@aligndet/yolo-head';

/** Loss values of one step (read back after the update). */
export interface YoloStyleStepResult {
  loss: number;
  cls: number;
  box: number;
  dfl: number;
  numPositives: number;
}

/**
 * One optimisation step with any v2 assigner: core's `assignBatch` runs a gradient-free
 * prediction pass only when the assigner needs predictions (tfjs's gradient functions are
 * synchronous, so the awaited read-back happens before the recorded forward), then the head's
 * own loss and the optimizer's update. Leaves no tensors behind.
 *
 * @example
 * ```ts
 * const step = makeYoloStyleTrainStep(model, new TaskAlignedAssigner(), tf.train.adam(3e-3));
 * const { loss } = await step(batch);
 * ```
 */
export function makeYoloStyleTrainStep(
  model: YoloStyleDetector,
  assigner: MatchAssigner,
  optimizer: tf.Optimizer,
): (batch: SyntheticBatch) => Promise<YoloStyleStepResult> {
  return async (batch) => {
    const grid = model.grid(batch.images.shape);
    const targets = batch.targets;
    const head = model.head;
    const matches = await assignBatch(
      assigner,
      grid,
      () =>
        tf.tidy(() => {
          const out = model.forward(batch.images);
          return { clsLogits: out.clsLogits, boxes: head.decode(head.distances(out), grid) };
        }),
      targets,
    );
    let numPositives = 0;
    let parts: tf.Scalar[] = [];
    const cost = optimizer.minimize(
      () => {
        const out = model.forward(batch.images);
        const l = yoloStyleLoss(
          out.clsLogits,
          out.boxLogits,
          head.distances(out),
          matches,
          grid,
          targets,
          head.dflBins,
        );
        numPositives = l.numPositives;
        parts = [tf.keep(l.cls), tf.keep(l.box), tf.keep(l.dfl)];
        return l.total;
      },
      true,
      model.parameters(true),
    ) as tf.Scalar;
    const [loss, cls, box, dfl] = await Promise.all([cost, ...parts].map(async (t) => (await t.data())[0]!));
    tf.dispose([cost, ...parts]);
    return { loss: loss!, cls: cls!, box: box!, dfl: dfl!, numPositives };
  };
}
