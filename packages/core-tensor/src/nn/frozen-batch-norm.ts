import * as tf from '@tensorflow/tfjs-core';
import { assertShape } from '../errors/assert-shape';
import type { TowerLayer } from '../heads/two-tower-head';
import { Module } from './module';

/**
 * BatchNorm with fixed statistics and affine parameters (torchvision's `FrozenBatchNorm2d`), for
 * pretrained backbones trained with small batches: y = x · w / √(rv + eps) + (b − rm · w / √(rv + eps)).
 * Everything is a buffer (`weight`, `bias`, `running_mean`, `running_var`: the torch names), so
 * nothing here is optimised.
 *
 * @example
 * ```ts
 * const bn = new FrozenBatchNorm2d(64);
 * const y = bn.forward(x); // x: [N, H, W, 64]
 * ```
 */
export class FrozenBatchNorm2d extends Module<tf.Tensor4D, tf.Tensor4D> implements TowerLayer {
  readonly numFeatures: number;
  readonly eps: number;

  constructor(numFeatures: number, eps = 1e-5) {
    super();
    this.numFeatures = numFeatures;
    this.eps = eps;
    this.addBuffer('weight', tf.ones([numFeatures]));
    this.addBuffer('bias', tf.zeros([numFeatures]));
    this.addBuffer('running_mean', tf.zeros([numFeatures]));
    this.addBuffer('running_var', tf.ones([numFeatures]));
  }

  forward(x: tf.Tensor4D): tf.Tensor4D {
    assertShape('FrozenBatchNorm2d', 'x', x.shape, [null, null, null, this.numFeatures]);
    const b = Object.fromEntries(this.namedBuffers());
    const scale = tf.mul(b.weight!, tf.rsqrt(tf.add(b.running_var!, this.eps)));
    const shift = tf.sub(b.bias!, tf.mul(b.running_mean!, scale));
    return tf.add(tf.mul(x, scale), shift);
  }
}
