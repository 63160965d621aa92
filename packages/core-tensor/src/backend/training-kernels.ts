import * as tf from '@tensorflow/tfjs-core';

/**
 * Kernels an aligndet training step needs besides the ones every backend has: the backward
 * kernels of conv, gather and pooling. A backend missing any of these can run inference but not
 * training. Other packages may extend the list (e.g. a deformable-conv backward kernel).
 */
export const TRAINING_KERNELS: string[] = [
  'Conv2D',
  'Conv2DBackpropInput',
  'Conv2DBackpropFilter',
  'BatchMatMul',
  'GatherV2',
  'UnsortedSegmentSum',
  'ResizeNearestNeighbor',
  'ResizeNearestNeighborGrad',
  'MaxPoolGrad',
  'Sigmoid',
  'Softplus',
];

/** Kernels inference needs (forward only). */
export const INFERENCE_KERNELS: string[] = [
  'Conv2D',
  'BatchMatMul',
  'GatherV2',
  'ResizeNearestNeighbor',
  'Sigmoid',
  'NonMaxSuppressionV3',
];

/** What we use a backend for: training needs backward kernels. */
export type BackendPurpose = 'training' | 'inference';

/**
 * The kernels of `purpose` that `backendName` (a registered tfjs backend) does not have; for
 * training, a tiny conv + gather forward/backward is also run so a kernel that exists but fails
 * is caught up front, never mid-training.
 *
 * @example
 * ```ts
 * missingKernels('wasm', 'training'); // e.g. ['Conv2DBackpropFilter', 'UnsortedSegmentSum']
 * ```
 */
export function missingKernels(backendName: string, purpose: BackendPurpose): string[] {
  const needed = purpose === 'training' ? TRAINING_KERNELS : INFERENCE_KERNELS;
  const missing = needed.filter((k) => !tf.getKernel(k, backendName));
  if (missing.length === 0 && purpose === 'training' && tf.getBackend() === backendName) {
    try {
      tf.tidy(() => {
        const x = tf.ones([1, 4, 4, 2]);
        const w = tf.ones([3, 3, 2, 2]);
        const g = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
          tf.sum(tf.gather(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same'), [0, 0], 3)),
        )([x, w]);
        // webgpu has no synchronous read-back (tfjs's readSync loses the device there): running
        // the kernels is the probe
        if (backendName !== 'webgpu') for (const t of g) t.dataSync();
      });
    } catch (error) {
      missing.push(`(probe failed: ${(error as Error).message})`);
    }
  }
  return missing;
}
