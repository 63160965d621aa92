import * as tf from '@tensorflow/tfjs-core';

const identityWithoutGradient = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const x = args[0] as tf.Tensor;
  return { value: tf.clone(x), gradFunc: (dy: tf.Tensor | tf.Tensor[]) => tf.zerosLike(dy as tf.Tensor) };
});

/**
 * `x` with its gradient stopped (tfjs has no `stopGradient`): the value passes through, the
 * gradient is zero. Use it for quantities that must not be trained through (detached targets,
 * sampling indices derived from a differentiable input).
 *
 * @example
 * ```ts
 * const target = detach(giou); // BCE against a constant target
 * ```
 */
export function detach<T extends tf.Tensor>(x: T): T {
  return identityWithoutGradient(x) as T;
}
