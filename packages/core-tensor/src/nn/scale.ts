import * as tf from '@tensorflow/tfjs-core';
import { Module } from './module';

/**
 * A learnable scalar multiplier (FCOS's per-level `Scale`): parameter `scale` of shape `[1]`, as
 * in the PyTorch code, so checkpoints map one to one.
 *
 * @example
 * ```ts
 * const s = new Scale(1.0);
 * const y = s.forward(x); // x * scale
 * ```
 */
export class Scale extends Module<tf.Tensor, tf.Tensor> {
  readonly scale: tf.Variable;

  constructor(initValue = 1.0) {
    super();
    this.scale = this.addParameter('scale', tf.tensor1d([initValue]));
  }

  forward(x: tf.Tensor): tf.Tensor {
    return tf.mul(x, this.scale);
  }
}
