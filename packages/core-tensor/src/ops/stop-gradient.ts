import * as tf from '@tensorflow/tfjs-core';

/**
 * `x` cut off the gradient tape, without a copy and without a read-back: a second tensor handle
 * on `x`'s data that no op recorded (the backend takes one more reference on the data, as it does
 * for a kernel's output, then the engine wraps it with `makeTensorFromTensorInfo`). Unlike
 * {@link detach} (a zero gradient, still on the tape), nothing computed from the result is
 * differentiated, so integer index arithmetic on it never meets tfjs's gradient functions. Use it
 * for sampling positions whose indices carry no gradient (torchvision's deformable conv). `x` must
 * be on the active backend.
 *
 * @example
 * ```ts
 * const positions = stopGradient(tf.add(base, offsets)); // floor/cast/gather indices from it
 * ```
 */
export function stopGradient<T extends tf.Tensor>(x: T): T {
  const engine = tf.engine();
  engine.backend.incRef(x.dataId);
  return engine.makeTensorFromTensorInfo({ dataId: x.dataId, shape: x.shape, dtype: x.dtype }) as T;
}
