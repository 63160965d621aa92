import * as tf from '@tensorflow/tfjs-core';
import { GroupNormKernel } from '../backend/kernels/group-norm/kernel-names';
import { assertShape } from '../errors/assert-shape';
import { InvalidArgumentError } from '../errors/invalid-argument-error';

/** Options of {@link groupNorm}. */
export interface GroupNormOpOptions {
  /** Groups the channels are split into; must divide the channel count. */
  numGroups: number;
  /** Per-channel scale `[C]`. Default: none (1). */
  weight?: tf.Tensor1D;
  /** Per-channel shift `[C]`. Default: none (0). */
  bias?: tf.Tensor1D;
  /** Added to the variance. Default 1e-5. */
  eps?: number;
}

/**
 * Group normalisation of an NHWC tensor, as `torch.nn.functional.group_norm`: the channels are
 * split into `numGroups` groups of contiguous channels, each normalised over (H, W, its channels)
 * with the biased variance, then scaled by `weight` and shifted by `bias`. Differentiable in `x`,
 * `weight` and `bias`.
 *
 * Runs as one fused kernel forward and one backward where aligndet registered them (`cpu` and
 * `wasm`, by `initBackend` / `registerTrainingKernels`), and as composed tfjs ops on other
 * backends; both give the same result to float32 rounding.
 *
 * @example
 * ```ts
 * const y = groupNorm(x, { numGroups: 32, weight: gamma, bias: beta }); // x: [N, H, W, 256]
 * ```
 */
export function groupNorm(x: tf.Tensor4D, options: GroupNormOpOptions): tf.Tensor4D {
  const { numGroups, weight, bias } = options;
  const eps = options.eps ?? 1e-5;
  assertShape('groupNorm', 'x', x.shape, [null, null, null, null]);
  const c = x.shape[3];
  if (!Number.isInteger(numGroups) || numGroups <= 0 || c % numGroups !== 0) {
    throw new InvalidArgumentError({
      op: 'groupNorm',
      field: 'numGroups',
      value: numGroups,
      expected: `a positive divisor of the channel count (${c})`,
    });
  }
  if (weight) assertShape('groupNorm', 'weight', weight.shape, [c]);
  if (bias) assertShape('groupNorm', 'bias', bias.shape, [c]);
  if (!(eps >= 0))
    throw new InvalidArgumentError({ op: 'groupNorm', field: 'eps', value: eps, expected: '≥ 0' });
  if (x.dtype !== 'float32')
    throw new InvalidArgumentError({
      op: 'groupNorm',
      field: 'x.dtype',
      value: x.dtype,
      expected: 'float32',
    });
  if (tf.getKernel(GroupNormKernel, tf.getBackend())) {
    return tf.tidy(() => {
      const attrs = { numGroups, eps };
      const inputs = { x, weight: weight ?? tf.ones([c]), bias: bias ?? tf.zeros([c]) };
      const [y] = tf.engine().runKernel(GroupNormKernel, inputs, attrs) as tf.Tensor[];
      return y as tf.Tensor4D;
    });
  }
  return groupNormComposite(x, numGroups, eps, weight, bias);
}

/** {@link groupNorm} from tfjs ops (any backend). */
export function groupNormComposite(
  x: tf.Tensor4D,
  numGroups: number,
  eps: number,
  weight?: tf.Tensor1D,
  bias?: tf.Tensor1D,
): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, h, w, c] = x.shape;
    const xg = tf.reshape(x, [n, h * w, numGroups, c / numGroups]);
    const { mean, variance } = tf.moments(xg, [1, 3], true);
    let y = tf.reshape(tf.mul(tf.sub(xg, mean), tf.rsqrt(tf.add(variance, eps))), [n, h, w, c]);
    if (weight) y = tf.mul(y, weight);
    if (bias) y = tf.add(y, bias);
    return y as tf.Tensor4D;
  });
}
