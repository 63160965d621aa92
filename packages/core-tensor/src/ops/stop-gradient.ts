import * as tf from '@tensorflow/tfjs-core';

/**
 * `x` cut off the gradient tape, without a copy and without a read-back: a second tensor handle
 * on `x`'s data (the engine's `makeTensorFromTensorInfo`, which records no op). Unlike
 * {@link detach} (a zero gradient, still on the tape), nothing computed from the result is
 * differentiated, so integer index arithmetic on it never meets tfjs's gradient functions. Use it
 * for sampling positions whose indices carry no gradient (torchvision's deformable conv).
 *
 * @example
 * ```ts
 * const positions = stopGradient(tf.add(base, offsets)); // floor/cast/gather indices from it
 * ```
 */
export function stopGradient<T extends tf.Tensor>(x: T): T {
  return tf.engine().makeTensorFromTensorInfo({ dataId: x.dataId, shape: x.shape, dtype: x.dtype }) as T;
}
