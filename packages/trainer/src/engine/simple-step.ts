import * as tf from '@tensorflow/tfjs-core';
import { clipGradNorm } from '../solver/clip-grad-norm';
import type { StepResult } from './train-loop';

/** What {@link simpleStep} needs: the loss of a batch, the variables and how to update them. */
export interface SimpleStepParts<B> {
  /** The next training batch (awaited before the gradient computation). */
  nextBatch: () => Promise<B>;
  /**
   * The total loss of a batch (a scalar the gradients are taken of), plus the loss terms as kept
   * scalars (`tf.keep`; read back asynchronously after the update, then disposed, so no backend
   * waits on a synchronous read) and extras as numbers for logging. Runs inside `tf.variableGrads`.
   */
  loss: (batch: B) => {
    total: tf.Scalar;
    losses: Record<string, tf.Scalar>;
    extras?: Record<string, number>;
  };
  variables: tf.Variable[];
  /** Applies the (clipped) gradients at learning rate `lr`. */
  update: (grads: tf.NamedTensorMap, lr: number) => void;
  /** Clip the global gradient norm to this (none when undefined). */
  clipGradNorm?: number;
  /** Releases a batch's own resources after the step. */
  release?: (batch: B) => void;
}

/**
 * One training step (detectron2's `SimpleTrainer.run_step`): batch → loss → gradients → optional
 * norm clipping → optimizer update. Every tensor it makes is disposed.
 *
 * @example
 * ```ts
 * const step = simpleStep({ nextBatch, loss: (b) => model.losses(b), variables: sgd.variables, update: (g, lr) => sgd.step(g, lr) });
 * new TrainLoop({ maxIter, lrAt, step, hooks });
 * ```
 */
export function simpleStep<B>(parts: SimpleStepParts<B>): (iter: number, lr: number) => Promise<StepResult> {
  return async (_iter, lr) => {
    const batch = await parts.nextBatch();
    let lossTensors: Record<string, tf.Scalar> = {};
    let extras: Record<string, number> = {};
    try {
      const { value, grads } = tf.variableGrads(() => {
        const l = parts.loss(batch);
        lossTensors = l.losses;
        extras = l.extras ?? {};
        return l.total;
      }, parts.variables);
      value.dispose();
      let g = grads;
      if (parts.clipGradNorm) {
        const clipped = clipGradNorm(grads, parts.clipGradNorm);
        g = clipped.grads;
        extras = { ...extras, grad_norm: clipped.totalNorm };
      }
      parts.update(g, lr);
      tf.dispose(Object.values(g));
      const names = Object.keys(lossTensors);
      const values = await Promise.all(names.map(async (k) => (await lossTensors[k]!.data())[0]!));
      return { losses: Object.fromEntries(names.map((k, i) => [k, values[i]!])), extras };
    } finally {
      tf.dispose(Object.values(lossTensors));
      parts.release?.(batch);
    }
  };
}
