import * as tf from '@tensorflow/tfjs-core';
import { assertShape } from '../errors/assert-shape';
import { InvalidArgumentError } from '../errors/invalid-argument-error';
import type { TowerLayer } from '../heads/two-tower-head';
import { groupNorm } from '../ops/group-norm';
import { Module } from './module';

/** Options of {@link GroupNorm}. */
export interface GroupNormOptions {
  numGroups: number;
  numChannels: number;
  /** Default 1e-5. */
  eps?: number;
  /** Learnable per-channel scale and shift. Default true. */
  affine?: boolean;
}

/**
 * Group normalisation (Wu & He, 2018) on NHWC tensors, as `torch.nn.GroupNorm`: channels are
 * split into `numGroups` groups, each normalised over (H, W, channels of the group) with the
 * biased variance, then scaled by `weight` and shifted by `bias` (init 1 and 0). Runs the fused
 * {@link groupNorm} op.
 *
 * @example
 * ```ts
 * const gn = new GroupNorm({ numGroups: 32, numChannels: 256 });
 * const y = gn.forward(x); // x: [N, H, W, 256]
 * ```
 */
export class GroupNorm extends Module<tf.Tensor4D, tf.Tensor4D> implements TowerLayer {
  readonly numGroups: number;
  readonly numChannels: number;
  readonly eps: number;
  readonly weight: tf.Variable | undefined;
  readonly bias: tf.Variable | undefined;

  constructor(options: GroupNormOptions) {
    super();
    const { numGroups, numChannels } = options;
    if (!Number.isInteger(numGroups) || numGroups <= 0 || numChannels % numGroups !== 0) {
      throw new InvalidArgumentError({
        op: 'GroupNorm',
        field: 'numGroups',
        value: numGroups,
        expected: `a positive divisor of numChannels (${numChannels})`,
      });
    }
    this.numGroups = numGroups;
    this.numChannels = numChannels;
    this.eps = options.eps ?? 1e-5;
    if (options.affine ?? true) {
      this.weight = this.addParameter('weight', tf.ones([numChannels]));
      this.bias = this.addParameter('bias', tf.zeros([numChannels]));
    }
  }

  forward(x: tf.Tensor4D): tf.Tensor4D {
    assertShape('GroupNorm', 'x', x.shape, [null, null, null, this.numChannels]);
    return groupNorm(x, {
      numGroups: this.numGroups,
      eps: this.eps,
      weight: this.weight as tf.Tensor1D | undefined,
      bias: this.bias as tf.Tensor1D | undefined,
    });
  }
}
